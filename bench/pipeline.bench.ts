/**
 * The moderation pipeline's cost per comment: the classifier plus every phase, with the default policy and a
 * policy carrying long word lists. Writes bench/reports/pipeline.md. Run: npx tsx bench/pipeline.bench.ts
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePage, type ParsedComment } from '../src/importers/page/parse.js';
import { packageRoot } from '../src/lib/paths.js';
import { loadScorer } from '../src/moderation/model/scorer.js';
import { resolvePolicy } from '../src/moderation/pipeline/policy.js';
import { runPipeline } from '../src/moderation/pipeline/run.js';
import type { Site } from '../src/modules/sites/site.service.js';
import { DEFAULT_SITE_SETTINGS } from '../src/modules/sites/site.settings.js';
import type { Story } from '../src/modules/stories/story.service.js';
import { percentile } from './stats.js';

const bodies: string[] = [];
const walk = (list: ParsedComment[]) => list.forEach((c) => (bodies.push(c.body), walk(c.replies)));
const demo = join(packageRoot(), 'demo');
for (const f of readdirSync(demo).filter((f) => f.endsWith('.txt'))) walk(parsePage(readFileSync(join(demo, f), 'utf8')).comments);

const site = { id: 'b', name: 'b', origins: [], settings: { ...DEFAULT_SITE_SETTINGS }, createdAt: 0 } as Site;
const story = { id: 's', identifier: 's', siteId: 'b' } as Story;
const scorer = loadScorer();
const history = { recentBodies: bodies.slice(0, 5), last10Minutes: 3, approvedCount: 12 };
const words = Array.from({ length: 500 }, (_, i) => `badword${i}`);

function measure(policy: ReturnType<typeof resolvePolicy>, rounds: number): { median: number; p99: number; mean: number } {
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const body of bodies) {
      const t = process.hrtime.bigint();
      runPipeline({ site, story, body, authorName: 'a', isEdit: false, history }, { scorer, policy });
      samples.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  samples.sort((a, b) => a - b);
  return { median: percentile(samples, 0.5), p99: percentile(samples, 0.99), mean: samples.reduce((a, b) => a + b, 0) / samples.length };
}

measure(resolvePolicy({}), 5); // warm up the JIT
const plain = measure(resolvePolicy({}), 100);
const lists = measure(resolvePolicy({ bannedWords: words, suspectWords: [...words.map((w) => `${w} phrase`), 'kill you'] }), 100);
const fmt = (m: { median: number; p99: number; mean: number }) => `${m.median.toFixed(3)} ms | ${m.p99.toFixed(3)} ms | ${m.mean.toFixed(3)} ms`;
const report = `# Moderation pipeline

Every phase plus the classifier, per comment, on the ${bodies.length} demo comments × 100 rounds, in process.
Measured ${new Date().toISOString().slice(0, 10)} on this machine (2 cores). Goal: under 1 ms at the median.

| policy | median | p99 | mean |
| --- | --- | --- | --- |
| default (${resolvePolicy({}).suspectWords.length} suspect phrases) | ${fmt(plain)} |
| 500 banned words + 501 suspect phrases | ${fmt(lists)} |

Not included: loading the author's history (two indexed queries, see bench/reports/threads.md for query costs).
`;
writeFileSync(join(packageRoot(), 'bench', 'reports', 'pipeline.md'), report);
console.log(report);
