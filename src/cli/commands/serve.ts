import type { Command } from 'commander';
import { startServer } from '../../main.js';

export function register(program: Command): void {
  program
    .command('serve')
    .description('run the web server (PORT, HOST, DATABASE_URL)')
    .option('--port <port>', 'port to listen on (overrides PORT)')
    .option('--host <host>', 'address to listen on (overrides HOST)')
    .action(async (opts: { port?: string; host?: string }) => {
      await startServer({
        ...(opts.port ? { port: Number(opts.port) } : {}),
        ...(opts.host ? { host: opts.host } : {}),
      });
    });
}
