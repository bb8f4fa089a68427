import { Migrator, type Migration, type MigrationResultSet } from 'kysely';
import type { Db } from './database.js';
import * as foundation from './migrations/2026-11-25-foundation.js';

// Listed explicitly, in order: folder scanning breaks once bundled.
const MIGRATIONS: Record<string, Migration> = {
  '2026-11-25-foundation': foundation,
};

export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error instanceof Error ? result.error : new Error(String(result.error));
  return result;
}
