/**
 * Thread reads: how fast a page of a big story is served, in-process and over HTTP on loopback.
 * Writes bench/reports/threads.md. Run: npx tsx bench/threads.bench.ts
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { connect } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { buildDeps } from '../src/deps.js';
import { ThreadService } from '../src/modules/comments/thread.service.js';
import { timeOrderedIds } from '../src/lib/ids.js';
import { percentile } from './stats.js';

const TOP = Number(process.env.BENCH_TOP ?? 2000);
const REPLIES = Number(process.env.BENCH_REPLIES ?? 4);

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'agora-bench-'));
  const store = connect({ dialect: 'sqlite', url: join(dir, 'bench.db') });
  await migrateToLatest(store.db);
  const config = loadConfig({ DATABASE_URL: join(dir, 'bench.db'), LOG_LEVEL: 'silent' });
  const deps = buildDeps(config, { store, moderate: async () => ({ status: 'approved', reasons: [] }) });
  const site = await deps.sites.create({ id: 'bench', name: 'Bench', origins: ['https://bench.example'] });
  const story = await deps.stories.create({ siteId: site.id, url: 'https://bench.example/big', title: 'Big story' });

  // Bulk-load through the import path (same rows and counters as posting, in large transactions).
  const ids = timeOrderedIds();
  const t0 = performance.now();
  let n = 0;
  const start = Date.now() - TOP * REPLIES * 1000;
  for (let batch = 0; batch < TOP; batch += 200) {
    await store.db.transaction().execute(async (trx) => {
      for (let i = batch; i < Math.min(TOP, batch + 200); i++) {
        const { comment } = await deps.comments.importOne(trx, {
          siteId: site.id, storyId: story.id, body: `Top-level comment ${i} with *some* text.`, author: { name: `reader${i % 97}` },
          importKey: `bench:${ids()}`, createdAt: start + n++ * 1000, status: 'approved',
        });
        for (let j = 0; j < REPLIES; j++) {
          await deps.comments.importOne(trx, {
            siteId: site.id, storyId: story.id, parentId: comment.id, body: `Reply ${j}`, author: { name: `reader${j}` },
            importKey: `bench:${ids()}`, createdAt: start + n++ * 1000, status: 'approved',
          });
        }
      }
    });
  }
  const loadMs = performance.now() - t0;
  const total = TOP * (1 + REPLIES);

  const threads = new ThreadService(store.db);
  const samples: number[] = [];
  for (let i = 0; i < 300; i++) {
    const t = performance.now();
    await threads.storyThread(story.id, { sort: i % 2 ? 'newest' : 'best', limit: 20 });
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);

  const app = await buildApp(deps, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  const result = await autocannon({ url: `http://127.0.0.1:${port}/api/v1/stories/${story.id}/comments?limit=20`, connections: 16, duration: 10 });
  const page = await autocannon({ url: `http://127.0.0.1:${port}/stories/${story.id}`, connections: 16, duration: 5 });
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });

  const report = `# Thread reads

Story with ${TOP} top-level comments and ${REPLIES} replies each (${total} comments), SQLite (WAL), one process, loopback.
Measured ${new Date().toISOString().slice(0, 10)} on this machine (2 cores).

| measure | value |
| --- | --- |
| bulk load (import path, 200 threads per transaction) | ${(total / (loadMs / 1000)).toFixed(0)} comments/s |
| ThreadService page (20 top-level + replies), median | ${percentile(samples, 0.5).toFixed(2)} ms |
| ThreadService page, p99 | ${percentile(samples, 0.99).toFixed(2)} ms |
| HTTP GET thread JSON, 16 connections, 10 s | ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, errors ${result.errors + result.non2xx} |
| HTTP GET article page (server-rendered HTML), 16 connections, 5 s | ${page.requests.average.toFixed(0)} req/s, p50 ${page.latency.p50} ms, p99 ${page.latency.p99} ms, errors ${page.errors + page.non2xx} |
`;
  writeFileSync(join('bench', 'reports', 'threads.md'), report);
  console.log(report);
}

await main();
