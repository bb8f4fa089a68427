import type { Command } from 'commander';
import { ROLES, startServer, type Role } from '../../main.js';

export function register(program: Command): void {
  program
    .command('serve')
    .description('run the web server (PORT, HOST, DATABASE_URL)')
    .option('--port <port>', 'port to listen on (overrides PORT)')
    .option('--host <host>', 'address to listen on (overrides HOST)')
    .option('--role <role>', 'web (HTTP only), worker (background jobs only) or all', 'all')
    .action(async (opts: { port?: string; host?: string; role: string }) => {
      if (!ROLES.includes(opts.role as Role)) {
        console.error(`--role must be one of ${ROLES.join(', ')}, got "${opts.role}"`);
        process.exit(2);
      }
      await startServer(
        {
          ...(opts.port ? { port: Number(opts.port) } : {}),
          ...(opts.host ? { host: opts.host } : {}),
        },
        opts.role as Role,
      );
    });
}
