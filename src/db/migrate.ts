import { Migrator, type Migration, type MigrationResultSet } from 'kysely';
import type { Db } from './database.js';
import * as foundation from './migrations/2026-11-25-1-foundation.js';
import * as accounts from './migrations/2026-11-25-2-accounts.js';
import * as integrations from './migrations/2026-11-25-3-integrations.js';
import * as reactions from './migrations/2026-11-25-4-reactions.js';
import * as moderation from './migrations/2026-11-25-5-moderation.js';

// Listed explicitly: folder scanning breaks once bundled. Kysely runs migrations in name order, so every name
// carries its place in the sequence.
const MIGRATIONS: Record<string, Migration> = {
  '2026-11-25-1-foundation': foundation,
  '2026-11-25-2-accounts': accounts,
  '2026-11-25-3-integrations': integrations,
  '2026-11-25-4-reactions': reactions,
  '2026-11-25-5-moderation': moderation,
};

/**
 * Brings the schema up to date. On PostgreSQL pass the schema in use: Kysely otherwise finds its bookkeeping
 * tables in any schema of the database and may skip creating them in this one.
 */
export async function migrateToLatest(db: Db, opts: { schema?: string } = {}): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    ...(opts.schema ? { migrationTableSchema: opts.schema } : {}),
  });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error instanceof Error ? result.error : new Error(String(result.error));
  return result;
}
