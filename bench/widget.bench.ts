/**
 * Widget benchmark (not a timed test): first render of a 200-comment page in Chromium, and what the widget
 * costs a host page in requests and bytes. Run: npx tsx bench/widget.bench.ts  → bench/reports/widget.md
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { articlePage, chromiumAvailable, startStack } from '../test/e2e/support.js';
import { median } from './stats.js';

if (!chromiumAvailable()) process.exit(0);
const RUNS = 5;
const s = await startStack();
try {
  // 200 comments: 50 top-level with 3 replies each, all on the first page (pageSize 50, 3 replies per level).
  const story = await s.deps.stories.create({ siteId: 'news', identifier: 'bench', url: `${s.host}/bench` });
  for (let i = 0; i < 50; i++) {
    const top = await s.deps.comments.create({ storyId: story.id, body: `Top-level comment ${i} with *some* text and a [link](https://example.org/${i}).`, author: { name: `Reader ${i}` } });
    for (let j = 0; j < 3; j++) {
      await s.deps.comments.create({ storyId: story.id, parentId: top.comment.id, body: `Reply ${j} to ${i}: a sentence or two of reply text, as readers write them.`, author: { name: `Replier ${i}-${j}` } });
    }
  }
  s.page('bench', (agora, host) => articlePage({ identifier: 'bench' })(agora, host).replace('data-title="A story"', 'data-title="A story" data-page-size="50"'));

  const rows: Array<{ first: number; all: number; requests: number; bytes: number; comments: number }> = [];
  for (let run = 0; run < RUNS; run++) {
    const page = await s.browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const sizes = new Map<string, { url: string; bytes: number }>();
    cdp.on('Network.requestWillBeSent', (e) => sizes.set(e.requestId, { url: e.request.url, bytes: 0 }));
    cdp.on('Network.loadingFinished', (e) => {
      const r = sizes.get(e.requestId);
      if (r) r.bytes = e.encodedDataLength;
    });
    await page.goto(`${s.host}/bench`);
    // The first comment painted: a MutationObserver would be earlier than paint; rAF after it is the paint.
    await page.locator('[role="treeitem"]').nth(199).waitFor();
    // A string, not a function: tsx would wrap a function's inner helpers in __name(), unknown in the page.
    await page.waitForFunction('performance.getEntriesByName("agora:painted").length > 0');
    const timing = (await page.evaluate(`({
      painted: performance.getEntriesByName('agora:painted')[0].startTime - performance.getEntriesByType('navigation')[0].startTime,
      comments: document.getElementById('agora-thread').shadowRoot.querySelectorAll('[role="treeitem"]').length,
    })`)) as { painted: number; comments: number };
    // Everything is rendered in one commit, so the first comment and the last are painted in the same frame.
    await page.waitForTimeout(300);
    const agora = [...sizes.values()].filter((r) => r.url.startsWith(s.agora) && !r.url.includes('/events'));
    rows.push({ first: timing.painted, all: timing.painted, requests: agora.length, bytes: agora.reduce((n, r) => n + r.bytes, 0), comments: timing.comments });
    if (run === 0) console.log(agora.map((r) => `${r.bytes}\t${r.url.replace(s.agora, '')}`).join('\n'));
    await page.close();
  }
  const first = median(rows.map((r) => r.first));
  const r0 = rows[0]!;
  const report = `# Widget benchmark

Run with \`npx tsx bench/widget.bench.ts\` (${new Date().toISOString().slice(0, 10)}, Chromium ${s.browser.browser()?.version() ?? ''}, headless,
Agora and the host page on loopback, SQLite, cache disabled, median of ${RUNS} cold loads).

| measure | value |
| --- | --- |
| comments rendered | ${r0.comments} (50 top-level × 3 replies, one page) |
| first comment painted, from navigation start | ${first.toFixed(0)} ms |
| all 200 comments painted (one render commit) | ${first.toFixed(0)} ms |
| requests the widget adds to the host page | ${r0.requests} (embed.js, widget module, CORS preflight + POST /embed; the live SSE stream comes on top) |
| bytes transferred for them (gzip not applied by the test server) | ${(r0.bytes / 1024).toFixed(1)} KiB |

All runs (ms to paint): ${rows.map((r) => r.first.toFixed(0)).join(', ')}.

The first render needs three requests in sequence: the loader, the hashed widget module (long-cached after
the first visit) and one POST /api/v1/sites/:site/embed returning story, settings and the first thread page.
The SSE stream opens after the first paint. Bytes are uncompressed here; behind a compressing proxy the
loader is ~0.5 KB and the widget ~17 KB (see test/web/budgets.test.ts).
`;
  mkdirSync(join(process.cwd(), 'bench/reports'), { recursive: true });
  writeFileSync(join(process.cwd(), 'bench/reports/widget.md'), report);
  console.log(report);
} finally {
  await s.close();
}
