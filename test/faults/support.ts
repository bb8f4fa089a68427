/**
 * Fault-test tools. They never touch the shared PostgreSQL or Redis servers beyond a schema and a key prefix of
 * their own: "Redis stops" is a private redis-server killed; "PostgreSQL restarts" is a TCP proxy cut and restored.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { connect, type Store } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { timeOrderedIds } from '../../src/lib/ids.js';
import { SiteService } from '../../src/modules/sites/site.service.js';
import { StoryService } from '../../src/modules/stories/story.service.js';
import { PG_URL, postgresAvailable } from '../../src/test-support/stores.js';
import { REDIS_URL, redisAvailable, redisPool } from '../../src/test-support/redis.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const REDIS_SERVER = '/usr/bin/redis-server';

/** Both services answer; in CI a missing one fails (the availability checks throw), elsewhere the tests skip. */
export async function servicesUp(): Promise<boolean> {
  const [p, r] = await Promise.all([postgresAvailable(), redisAvailable()]);
  return p && r;
}

export function uniqueName(kind: string): string {
  return `f_${kind}_${process.pid}_${randomBytes(3).toString('hex')}`;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it is truthy or `ms` pass; every loop in these tests is bounded this way. */
export async function until<T>(what: string, check: () => Promise<T | undefined | null | false>, ms = 10_000, every = 100): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, every));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

export interface TestSchema {
  schema: string;
  siteId: string;
  storyIds: string[];
  store: Store;
  drop(): Promise<void>;
}

/** A migrated schema with one site (generous rate limits: the load comes from one address) and its stories. */
export async function createSchema(stories = 1): Promise<TestSchema> {
  const schema = uniqueName('s');
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const store = connect({ dialect: 'postgres', url: PG_URL, schema, poolSize: 2 });
  await migrateToLatest(store.db, { schema });
  const ids = timeOrderedIds(Date.now);
  const sites = new SiteService(store.db, Date.now);
  const storyService = new StoryService(store.db, Date.now, ids);
  const rateLimits = { postsPerMinutePerIp: 1_000_000, postsPerMinutePerUser: 1_000_000, signInsPer15MinPerIp: 20, signUpsPerHourPerIp: 10 };
  await sites.create({ id: 'news', name: 'News', origins: ['https://news.example'], settings: { rateLimits } });
  const storyIds: string[] = [];
  for (let i = 0; i < stories; i++) storyIds.push((await storyService.create({ siteId: 'news', url: `https://news.example/s${i}`, title: `Story ${i}` })).id);
  return {
    schema,
    siteId: 'news',
    storyIds,
    store,
    async drop() {
      await store.close();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

export interface Instance {
  url: string;
  child: ChildProcess;
  /** Everything the process printed (for failure messages). */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface InstanceOptions {
  schema: string;
  databaseUrl?: string;
  redisUrl?: string;
  redisPrefix?: string;
  role?: 'web' | 'worker' | 'all';
  env?: Record<string, string>;
}

/** `agora serve` as a child process on a free loopback port, as an operator would run it. */
export async function startInstance(opts: InstanceOptions): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--host', '127.0.0.1', '--port', '0', '--role', opts.role ?? 'all'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATABASE_URL: opts.databaseUrl ?? PG_URL,
      DATABASE_SCHEMA: opts.schema,
      ...(opts.redisUrl ? { REDIS_URL: opts.redisUrl, REDIS_PREFIX: opts.redisPrefix ?? `${opts.schema}:` } : {}),
      AGORA_DEMO: 'false',
      LOG_LEVEL: 'warn',
      PUBLIC_URL: 'http://agora.test',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await until(
    'the instance to listen',
    async () => {
      if (child.exitCode !== null) throw new Error(`instance exited (${child.exitCode}): ${out}`);
      return /is serving (http:\/\/[\d.]+:\d+)/.exec(out)?.[1];
    },
    30_000,
    50,
  ).catch((err: unknown) => {
    child.kill('SIGKILL');
    throw err;
  });
  return {
    url,
    child,
    output: () => out,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 12_000))]);
    },
  };
}

export interface PrivateRedis {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** A redis-server of this test's own on a free loopback port, with nothing persisted. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let proc: ChildProcess | undefined;
  const start = async () => {
    proc = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], { stdio: 'ignore' });
    await until('the private redis-server to accept connections', () => canConnect(port), 5000, 50);
  };
  const stop = async () => {
    const p = proc;
    proc = undefined;
    if (!p || p.exitCode !== null) return;
    const gone = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await Promise.race([gone, new Promise((r) => setTimeout(r, 3000))]);
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, start, stop };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = tcpConnect({ port, host: '127.0.0.1' });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export interface PgProxy {
  url: string;
  /** What a PostgreSQL restart looks like to clients: every connection drops, new ones are refused. */
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** A TCP proxy in front of the shared PostgreSQL (127.0.0.1:5432), so a test can "restart" it for itself only. */
export async function startPgProxy(): Promise<PgProxy> {
  const target = new URL(PG_URL);
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        const upstream = tcpConnect({ host: '127.0.0.1', port: Number(target.port || 5432) });
        for (const sock of [client, upstream]) {
          sockets.add(sock);
          sock.on('close', () => sockets.delete(sock));
          sock.on('error', () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream);
        upstream.pipe(client);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
      server = s;
    });
  const cut = async () => {
    const s = server;
    server = undefined;
    for (const sock of sockets) sock.destroy();
    sockets.clear();
    if (s) await new Promise((r) => s.close(r));
  };
  await listen();
  const url = new URL(PG_URL);
  url.host = `127.0.0.1:${port}`;
  return { url: url.href, cut, restore: listen, close: cut };
}

/** POSTs a comment; returns the status and the stored comment's id (201), or the network error. */
export async function postComment(base: string, storyId: string, body: string, timeoutMs = 10_000): Promise<{ status: number; id?: string; error?: string }> {
  try {
    const res = await fetch(`${base}/api/v1/stories/${storyId}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ body, author: { name: `Reader ${randomBytes(2).toString('hex')}` } }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const json = (await res.json().catch(() => ({}))) as { comment?: { id?: string } };
    return { status: res.status, ...(json.comment?.id ? { id: json.comment.id } : {}) };
  } catch (err) {
    return { status: 0, error: (err as Error).message };
  }
}

/** A civil, unique comment body (the duplicate filter would hold repeats). */
export function civilBody(n: number): string {
  return `Thanks for the reporting on this, point ${n} (${randomBytes(4).toString('hex')}) was useful to read.`;
}

export interface SseReader {
  events: Array<{ id: string; data: { type: string; comment?: { id: string } } }>;
  /** Resolves when an event carries this comment id, or rejects after `ms`. */
  waitFor(commentId: string, ms?: number): Promise<void>;
  close(): void;
}

/** Reads a story's SSE stream with fetch, parsing frames as they come. */
export async function readSse(base: string, storyId: string): Promise<SseReader> {
  const ctrl = new AbortController();
  const res = await fetch(`${base}/api/v1/stories/${storyId}/events`, { signal: ctrl.signal });
  if (!res.ok || !res.body) throw new Error(`SSE answered ${res.status}`);
  const events: SseReader['events'] = [];
  const waiters = new Set<() => void>();
  void (async () => {
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buf += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const frame = buf.slice(0, end);
          buf = buf.slice(end + 2);
          const id = /^id: (.*)$/m.exec(frame)?.[1];
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (id && data) events.push({ id, data: JSON.parse(data) as SseReader['events'][number]['data'] });
          for (const w of [...waiters]) w();
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    events,
    waitFor(commentId, ms = 5000) {
      const has = () => events.some((e) => e.data.comment?.id === commentId);
      if (has()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no live event for ${commentId} within ${ms} ms`));
        }, ms);
        const check = () => {
          if (!has()) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      });
    },
    close: () => ctrl.abort(),
  };
}

/** Deletes the keys an instance made on the shared Redis under a schema's prefix (see startInstance). */
export async function cleanSharedRedis(schema: string): Promise<void> {
  await redisPool(REDIS_URL).cleanup(`${schema}:`);
}

export { REDIS_URL };
