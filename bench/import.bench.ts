/**
 * Import benchmark: writes a Disqus XML export of N comments (default 1,000,000) to a temporary file, imports it
 * into a fresh SQLite store through the streaming importer, and reports time, throughput and resident memory
 * sampled through the run (it must stay flat). Run with `npx tsx bench/import.bench.ts [--comments N]`;
 * writes bench/reports/import.md.
 */
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { importDisqus } from '../src/importers/disqus.js';
import { fileInput } from '../src/importers/input.js';
import { packageRoot } from '../src/lib/paths.js';
import { timeOrderedIds } from '../src/lib/ids.js';
import { CommentService } from '../src/modules/comments/comment.service.js';
import { SiteService } from '../src/modules/sites/site.service.js';
import { StoryService } from '../src/modules/stories/story.service.js';

const arg = process.argv.indexOf('--comments');
const N = arg > 0 ? Number(process.argv[arg + 1]) : 1_000_000;
const PER_THREAD = 100;
const threads = Math.ceil(N / PER_THREAD);
const dir = mkdtempSync(join(tmpdir(), 'agora-import-bench-'));
const file = join(dir, 'disqus.xml');

/** Deterministic pseudo-random numbers, so every run imports the same file. */
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const words = 'the council harbour plan vote budget school road river police mayor market & <b>bold</b> café'.split(' ');

async function generate(): Promise<void> {
  const out = createWriteStream(file);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('\ufeff<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n');
  const t0 = Date.UTC(2015, 0, 1);
  for (let t = 0; t < threads; t++) {
    await write(`<thread dsq:id="${t}"><id>story-${t}</id><link>https://news.example/s/${t}</link><title>Story ${t} &amp; more</title><createdAt>${new Date(t0 + t * 3600_000).toISOString()}</createdAt><isClosed>false</isClosed><isDeleted>false</isDeleted></thread>\n`);
  }
  let forceTopLevel = false;
  for (let i = 0; i < N; i++) {
    const t = Math.floor(i / PER_THREAD);
    const first = t * PER_THREAD;
    const r = rand();
    // 40% replies to an earlier comment of the thread; 1% to the next one (a reply before its parent), which is
    // then made top-level so the file has no reply cycles.
    const beforeParent: boolean = !forceTopLevel && r > 0.99 && i + 1 < Math.min(N, first + PER_THREAD);
    const parent = forceTopLevel ? null : i > first && r < 0.4 ? first + Math.floor(rand() * (i - first)) : beforeParent ? i + 1 : null;
    forceTopLevel = beforeParent;
    const text = Array.from({ length: 8 + Math.floor(rand() * 40) }, () => words[Math.floor(rand() * words.length)]).join(' ');
    await write(
      `<post dsq:id="${i}"><id/><message><![CDATA[<p>${text}</p>]]></message><createdAt>${new Date(t0 + t * 3600_000 + (i - first) * 1000).toISOString()}</createdAt>` +
        `<isDeleted>${r > 0.5 && r < 0.51}</isDeleted><isSpam>${r > 0.6 && r < 0.605}</isSpam><author><email>user${i % 5000}@example.org</email><name>User ${i % 5000}</name><isAnonymous>false</isAnonymous></author>` +
        `<ipAddress>192.0.2.${i % 250}</ipAddress><thread dsq:id="${t}"/>${parent !== null ? `<parent dsq:id="${parent}"/>` : ''}</post>\n`,
    );
  }
  await write('</disqus>\n');
  out.end();
  await once(out, 'finish');
}

const mb = (n: number) => (n / 1024 / 1024).toFixed(0);

const g0 = performance.now();
await generate();
const genS = (performance.now() - g0) / 1000;
const size = statSync(file).size;
console.error(`generated ${N} comments, ${mb(size)} MB in ${genS.toFixed(1)} s`);

const store = connect({ dialect: 'sqlite', url: join(dir, 'agora.db') });
await migrateToLatest(store.db);
const clock = Date.now;
const ids = timeOrderedIds(clock);
const sites = new SiteService(store.db, clock);
const site = await sites.create({ id: 'bench', name: 'Bench', origins: ['https://news.example'] });
const deps = {
  store,
  clock,
  stories: new StoryService(store.db, clock, ids),
  comments: new CommentService({ db: store.db, clock, ids, moderate: async () => ({ status: 'approved', reasons: [] }) }),
};

const samples: Array<{ pct: number; rssMb: number; s: number }> = [];
let peak = 0;
let read = 0;
let nextPct = 0;
const i0 = performance.now();
const timer = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 100);
const summary = await importDisqus(deps, {
  input: await fileInput(file),
  site,
  onBytes: (n) => {
    read = n;
    const pct = Math.floor((read / size) * 100);
    if (pct >= nextPct) {
      const rss = process.memoryUsage().rss;
      peak = Math.max(peak, rss);
      samples.push({ pct, rssMb: Number(mb(rss)), s: (performance.now() - i0) / 1000 });
      nextPct = pct + 10;
      console.error(`${pct}% rss ${mb(rss)} MB ${((performance.now() - i0) / 1000).toFixed(0)} s`);
    }
  },
});
clearInterval(timer);
const importS = (performance.now() - i0) / 1000;
peak = Math.max(peak, process.memoryUsage().rss);
const dbSize = statSync(join(dir, 'agora.db')).size;
await store.close();
rmSync(dir, { recursive: true, force: true });

const report = `# Import benchmark

\`npx tsx bench/import.bench.ts --comments ${N}\` on ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), Node ${process.version}, SQLite (WAL, synchronous=NORMAL).

A generated Disqus XML export: ${threads.toLocaleString('en')} threads, ${N.toLocaleString('en')} posts (${mb(size)} MB), 40% replies, 1% of replies
before their parent in the file, 1% deleted, 0.5% spam; imported through the streaming importer (saxes, batches of 500
comments per transaction, staged orphans placed after the file ends).

| measure | value |
| --- | --- |
| generate file | ${genS.toFixed(1)} s |
| import | ${importS.toFixed(1)} s (${Math.round(N / importS).toLocaleString('en')} comments/s) |
| peak RSS | ${mb(peak)} MB |
| database size | ${mb(dbSize)} MB |
| stories | ${summary.stories.created} created |
| comments | ${summary.comments.imported} imported (${summary.comments.approved} approved, ${summary.comments.deleted} tombstones) |
| skipped | ${Object.entries(summary.skipped).map(([k, v]) => `${k}: ${v}`).join(', ') || 'none'} |
| orphans kept top-level | ${summary.orphans} |

RSS while importing, by share of the file read (memory must stay flat):

| read | elapsed | RSS |
| --- | --- | --- |
${samples.map((x) => `| ${x.pct}% | ${x.s.toFixed(0)} s | ${x.rssMb} MB |`).join('\n')}
`;
mkdirSync(join(packageRoot(), 'bench', 'reports'), { recursive: true });
writeFileSync(join(packageRoot(), 'bench', 'reports', 'import.md'), report);
console.log(report);
