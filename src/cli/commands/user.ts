import type { Command } from 'commander';
import { fail, withDeps } from '../context.js';

export function register(program: Command): void {
  const user = program.command('user').description('manage accounts');
  user
    .command('create')
    .description('create an account (password-less unless --password: it then signs in by emailed link)')
    .requiredOption('--email <email>', 'sign-in address')
    .option('--role <role>', 'admin or commenter', 'commenter')
    .option('--password <password>', 'password (10+ characters); prefer AGORA_PASSWORD to keep it out of shell history')
    .option('--name <name>', 'display name (default: the part of the email before @)')
    .action(async (opts: { email: string; role: string; password?: string; name?: string }) => {
      if (opts.role !== 'admin' && opts.role !== 'commenter') return fail(`--role must be admin or commenter, not "${opts.role}"`, 2);
      const password = opts.password ?? process.env.AGORA_PASSWORD;
      await withDeps(async (deps) => {
        try {
          const created = await deps.users.createLocal({
            email: opts.email,
            displayName: opts.name ?? opts.email.split('@')[0] ?? opts.email,
            role: opts.role as 'admin' | 'commenter',
            verified: true,
            ...(password ? { password } : {}),
          });
          console.log(`created ${created.role} ${created.id} <${created.email}>`);
        } catch (err) {
          fail(err instanceof Error ? err.message : String(err));
        }
      });
    });
}
