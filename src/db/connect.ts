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
  /** PostgreSQL: the schema tables live in. */
  readonly schema?: string;
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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
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

/**
 * Kysely prepares every query anew; preparing costs SQLite more than running a thread query does. Kysely's
 * queries have a small set of shapes, so keeping the last few hundred prepared statements removes most of it.
 * A statement still iterating (a stream) is busy and is never handed out twice.
 */
function withStatementCache(sqlite: SqliteDatabase.Database, size = 500): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  const prepare = (source: string): SqliteDatabase.Statement => {
    const hit = cache.get(source);
    if (hit && !hit.busy) {
      cache.delete(source);
      cache.set(source, hit);
      return hit;
    }
    const stmt = sqlite.prepare(source);
    if (!hit) {
      cache.set(source, stmt);
      if (cache.size > size) cache.delete(cache.keys().next().value!);
    }
    return stmt;
  };
  return new Proxy(sqlite, {
    get(target, prop, receiver) {
      if (prop === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
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
  // A checked-out client whose connection drops emits 'error' besides failing its query; unheard, that event
  // would end the process (found by test/faults/postgres-restart.test.ts). The query's own error is what counts,
  // and the pool discards the broken client when it is released.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    schema: opts.schema ?? 'public',
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
