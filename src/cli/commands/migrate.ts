import type { Command } from 'commander';
import { withDeps } from '../context.js';
import { migrateToLatest } from '../../db/migrate.js';

export function register(program: Command): void {
  program
    .command('migrate')
    .description('create or update the database schema (DATABASE_URL)')
    .action(async () => {
      await withDeps(async (deps) => {
        const result = await migrateToLatest(deps.store.db, deps.store.schema ? { schema: deps.store.schema } : {});
        const applied = result.results?.filter((r) => r.status === 'Success').map((r) => r.migrationName) ?? [];
        console.log(applied.length ? `applied: ${applied.join(', ')}` : `database is up to date (${deps.config.dialect})`);
      });
    });
}
