import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, it } from 'vitest';
import { connect, type Store } from '../db/connect.js';
import type { Dialect } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';

export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let pgAvailable: Promise<boolean> | undefined;

/** Whether the PostgreSQL of the machine answers. In CI its absence is a failure, never a skip. */
export function postgresAvailable(): Promise<boolean> {
  pgAvailable ??= (async () => {
    const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch (err) {
      if (process.env.CI) throw new Error(`PostgreSQL at ${PG_URL} is required in CI: ${(err as Error).message}`);
      console.warn(`[tests] PostgreSQL at ${PG_URL} is not reachable: its tests are skipped outside CI`);
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return pgAvailable;
}

export interface TestStore extends Store {
  /** Removes the temporary database file or schema. */
  destroy(): Promise<void>;
}

/** A fresh, migrated store: a temporary SQLite file, or a schema of its own in the test PostgreSQL. */
export async function createTestStore(dialect: Dialect): Promise<TestStore> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'agora-test-'));
    const store = connect({ dialect, url: join(dir, 'agora.db') });
    await migrateToLatest(store.db);
    return {
      ...store,
      async destroy() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const store = connect({ dialect, url: PG_URL, schema, poolSize: 4 });
  await migrateToLatest(store.db, { schema });
  return {
    ...store,
    async destroy() {
      await store.close();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

/** The dialects every repository test runs on. */
export const DIALECTS: Dialect[] = ['sqlite', 'postgres'];

/**
 * Inside `describe.each(DIALECTS)`: a fresh migrated store for the suite, destroyed after it, and `run`, which
 * skips a PostgreSQL test only when PostgreSQL is away outside CI (postgresAvailable throws in CI).
 */
export function storeSuite(dialect: Dialect, pgUp: boolean) {
  const skip = dialect === 'postgres' && !pgUp;
  let store: TestStore | undefined;
  beforeAll(async () => {
    if (!skip) store = await createTestStore(dialect);
  });
  afterAll(async () => store?.destroy());
  return {
    get store(): TestStore {
      if (!store) throw new Error('the store exists only inside the suite’s tests');
      return store;
    },
    run: skip ? it.skip : it,
    skip,
  };
}
