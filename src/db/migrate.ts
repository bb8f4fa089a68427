import { Migrator, type Migration, type MigrationResultSet } from 'kysely';
import type { Db } from './database.js';
import * as foundation from './migrations/2026-11-25-foundation.js';

// Listed explicitly, in order: folder scanning breaks once bundled.
const MIGRATIONS: Record<string, Migration> = {
  '2026-11-25-foundation': foundation,
};

/**
 * Brings the schema up to date. On PostgreSQL pass the schema in use: Kysely otherwise finds its bookkeeping
 * tables in any schema of the database and may skip creating them in this one.
 */
export async function migrateToLatest(db: Db, opts: { schema?: string } = {}): Promise<MigrationResultSet> {
  const order = Object.keys(MIGRATIONS);
  const nameComparator = (a: string, b: string): number => order.indexOf(a) - order.indexOf(b) || a.localeCompare(b);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    nameComparator,
    ...(opts.schema ? { migrationTableSchema: opts.schema } : {}),
  });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error instanceof Error ? result.error : new Error(String(result.error));
  return result;
}
