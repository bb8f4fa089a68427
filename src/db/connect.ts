import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database, Db, Dialect } from './database.js';

// int8 (counts, epoch milliseconds) arrives as a string from pg; every such value here fits in a double.
pg.types.setTypeParser(20, (v) => Number(v));
// numeric (PostgreSQL's avg/sum results) likewise.
pg.types.setTypeParser(1700, (v) => Number(v));

export interface Store {
  readonly db: Db;
  readonly dialect: Dialect;
  /** Cheap round trip for readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  url: string;
  dialect: Dialect;
  /** PostgreSQL only: the schema to use (tests isolate themselves in their own). */
  schema?: string;
  poolSize?: number;
}

export function connect(opts: ConnectOptions): Store {
  return opts.dialect === 'postgres' ? connectPostgres(opts) : connectSqlite(opts.url);
}

function connectSqlite(path: string): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SqliteDatabase(path);
  // WAL lets readers run beside the writer; synchronous=NORMAL under WAL still never corrupts on a crash.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    db,
    dialect: 'sqlite',
    async ping() {
      sqlite.prepare('select 1').get();
    },
    async close() {
      await db.destroy();
    },
  };
}

function connectPostgres(opts: ConnectOptions): Store {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolSize ?? 10,
    // Fail fast rather than hang when PostgreSQL is away: requests answer 503 and the pool recovers.
    connectionTimeoutMillis: 5000,
    statement_timeout: 15_000,
    ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
  });
  pool.on('error', () => {
    // An idle client lost its connection (PostgreSQL restarted): the pool replaces it on next use.
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    async ping() {
      const client = await pool.connect();
      try {
        await client.query('select 1');
      } finally {
        client.release();
      }
    },
    async close() {
      await db.destroy();
    },
  };
}
