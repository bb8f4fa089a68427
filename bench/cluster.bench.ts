/**
 * `npm run bench:cluster`: two instances on PostgreSQL + Redis against one instance on SQLite, under the same mixed
 * load (95% thread reads, 5% posts, over a few stories) from autocannon on loopback; then the cost of a live
 * update from a post on instance A to an SSE reader on instance B. Writes bench/reports/cluster.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import autocannon, { type Request } from 'autocannon';
import pg from 'pg';
import { connect, type Store } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { timeOrderedIds } from '../src/lib/ids.js';
import { SiteService } from '../src/modules/sites/site.service.js';
import { StoryService } from '../src/modules/stories/story.service.js';
import { CommentService } from '../src/modules/comments/comment.service.js';
import { PG_URL } from '../src/test-support/stores.js';
import { REDIS_URL } from '../src/test-support/redis.js';
import { civilBody, readSse, startInstance, type Instance } from '../test/faults/support.js';
import { percentile } from './stats.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 32;
const STORIES = 3;
const LIVE_POSTS = 200;

interface Target {
  schema: string;
  databaseUrl: string;
  storyIds: string[];
  close(): Promise<void>;
}

/** A site with generous rate limits (all load comes from 127.0.0.1) and a few stories of 60 comments each. */
async function seed(store: Store): Promise<string[]> {
  const clock = Date.now;
  const ids = timeOrderedIds(clock);
  const rateLimits = { postsPerMinutePerIp: 1_000_000, postsPerMinutePerUser: 1_000_000, signInsPer15MinPerIp: 20, signUpsPerHourPerIp: 10 };
  await new SiteService(store.db, clock).create({ id: 'news', name: 'News', origins: ['https://news.example'], settings: { rateLimits } });
  const stories = new StoryService(store.db, clock, ids);
  const comments = new CommentService({ db: store.db, clock, ids, moderate: async () => ({ status: 'approved', reasons: [] }) });
  const out: string[] = [];
  for (let s = 0; s < STORIES; s++) {
    const story = await stories.create({ siteId: 'news', url: `https://news.example/b${s}`, title: `Breaking ${s}` });
    for (let i = 0; i < 60; i++) {
      const { comment } = await comments.create({ storyId: story.id, body: civilBody(i), author: { name: `R${i}` } });
      if (i % 3 === 0) await comments.create({ storyId: story.id, parentId: comment.id, body: civilBody(1000 + i), author: { name: `Q${i}` } });
    }
    out.push(story.id);
  }
  return out;
}

async function postgresTarget(): Promise<Target> {
  const schema = `bench_cluster_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const store = connect({ dialect: 'postgres', url: PG_URL, schema });
  await migrateToLatest(store.db, { schema });
  const storyIds = await seed(store);
  await store.close();
  return {
    schema,
    databaseUrl: PG_URL,
    storyIds,
    async close() {
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    },
  };
}

async function sqliteTarget(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'agora-bench-'));
  const file = join(dir, 'agora.db');
  const store = connect({ dialect: 'sqlite', url: file });
  await migrateToLatest(store.db);
  const storyIds = await seed(store);
  await store.close();
  return { schema: 'public', databaseUrl: file, storyIds, close: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** 19 thread reads (sorts and stories vary) then one post, per connection, round and round: 95% / 5%. */
function mixedRequests(storyIds: string[]): Request[] {
  const reads: Request[] = [];
  const sorts = ['newest', 'oldest', 'best'];
  for (let i = 0; i < 19; i++) reads.push({ method: 'GET', path: `/api/v1/stories/${storyIds[i % storyIds.length]}/comments?limit=20&sort=${sorts[i % sorts.length]}` });
  let n = 0;
  const post: Request = {
    method: 'POST',
    path: `/api/v1/stories/${storyIds[0]}/comments`,
    headers: { 'content-type': 'application/json' },
    setupRequest: (req) => ({ ...req, path: `/api/v1/stories/${storyIds[n % storyIds.length]}/comments`, body: JSON.stringify({ body: civilBody(n++), author: { name: 'Bench' } }) }),
  };
  return [...reads, post];
}

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function load(urls: string[], storyIds: string[]): Promise<LoadResult> {
  const results = await Promise.all(
    urls.map((url) => autocannon({ url, connections: Math.ceil(CONNECTIONS / urls.length), duration: DURATION, requests: mixedRequests(storyIds) })),
  );
  return {
    rps: results.reduce((s, r) => s + r.requests.average, 0),
    p50: Math.max(...results.map((r) => r.latency.p50)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    errors: results.reduce((s, r) => s + r.errors + r.timeouts, 0),
    non2xx: results.reduce((s, r) => s + r.non2xx, 0),
  };
}

let held = 0;

async function liveLatency(a: Instance, b: Instance, storyId: string): Promise<number[]> {
  const reader = await readSse(b.url, storyId);
  const times: number[] = [];
  try {
    for (let i = 0; i < LIVE_POSTS; i++) {
      const started = performance.now();
      const res = await fetch(`${a.url}/api/v1/stories/${storyId}/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ body: civilBody(i), author: { name: `Live ${randomBytes(3).toString('hex')}` } }),
      });
      const { comment } = (await res.json()) as { comment: { id: string; status: string } };
      // A comment the pipeline holds is never broadcast: nothing to time.
      if (comment.status !== 'approved') {
        held++;
        continue;
      }
      await reader.waitFor(comment.id, 5000);
      times.push(performance.now() - started);
    }
  } finally {
    reader.close();
  }
  return times;
}

/** The p-th percentile (0..100) of samples in any order. */
const pct = (xs: number[], p: number): number => percentile([...xs].sort((x, y) => x - y), p / 100);

async function main(): Promise<void> {
  const lines: string[] = [];
  const pgTarget = await postgresTarget();
  const prefix = `${pgTarget.schema}:`;
  const [a, b] = await Promise.all([
    startInstance({ schema: pgTarget.schema, redisUrl: REDIS_URL, redisPrefix: prefix }),
    startInstance({ schema: pgTarget.schema, redisUrl: REDIS_URL, redisPrefix: prefix }),
  ]);
  let cluster: LoadResult;
  let live: number[];
  try {
    console.log(`cluster: ${a.url} + ${b.url}, ${DURATION} s`);
    cluster = await load([a.url, b.url], pgTarget.storyIds);
    console.log(cluster);
    live = await liveLatency(a, b, pgTarget.storyIds[1]!);
  } finally {
    await Promise.all([a.kill('SIGTERM'), b.kill('SIGTERM')]);
    await pgTarget.close();
    await cleanRedis(prefix);
  }

  const sq = await sqliteTarget();
  const one = await startInstance({ schema: 'public', databaseUrl: sq.databaseUrl });
  let single: LoadResult;
  try {
    console.log(`single SQLite: ${one.url}, ${DURATION} s`);
    single = await load([one.url], sq.storyIds);
    console.log(single);
  } finally {
    await one.kill('SIGTERM');
    await sq.close();
  }

  const f = (n: number) => n.toFixed(1);
  lines.push(
    '# Cluster benchmark',
    '',
    `Generated by \`npm run bench:cluster\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} CPU(s) (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}.`,
    'Everything runs on this one machine: the instances, PostgreSQL, Redis and autocannon share its CPUs, so the',
    'absolute numbers say little about a real deployment (where instances get their own machines); the ratio and the',
    'live-update cost are the point.',
    '',
    `Load: autocannon, ${CONNECTIONS} connections in all, ${DURATION} s, each connection cycling 19 thread reads`,
    `(limit 20, sorts newest/oldest/best, ${STORIES} stories of ~80 comments) and 1 post: 95% reads, 5% posts.`,
    '',
    '| setup | requests/s | p50 ms | p99 ms | errors | non-2xx |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    `| 2 instances, PostgreSQL + Redis | ${f(cluster.rps)} | ${cluster.p50} | ${cluster.p99} | ${cluster.errors} | ${cluster.non2xx} |`,
    `| 1 instance, SQLite | ${f(single.rps)} | ${single.p50} | ${single.p99} | ${single.errors} | ${single.non2xx} |`,
    '',
    `Ratio, cluster / single: ${f(cluster.rps / single.rps)}× the throughput.`,
    '',
    `Live update, post on instance A until the SSE reader on instance B has it (${live.length} posts, one at a time; the time`,
    `includes the post itself: moderation, the transaction, Redis XADD+PUBLISH, delivery; ${held} held by moderation, not timed):`,
    '',
    `| median ms | p99 ms | max ms |`,
    '| ---: | ---: | ---: |',
    `| ${f(pct(live, 50))} | ${f(pct(live, 99))} | ${f(Math.max(...live))} |`,
    '',
  );
  writeFileSync(join(import.meta.dirname, 'reports', 'cluster.md'), lines.join('\n'));
  console.log(lines.join('\n'));
}

async function cleanRedis(prefix: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const r = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  let cursor = '0';
  let rounds = 0;
  do {
    const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length) await r.del(...keys);
    cursor = next;
  } while (cursor !== '0' && ++rounds < 1000);
  r.disconnect();
}

await main();
