/**
 * How trustworthy are the comment-level labels of Civil Comments toxic spans? This reads the raw rater records and
 * measures what bounds any text model's comment-level ROC-AUC on them: how the raters' boxes were used, how much
 * raters agree, how well the label is predicted by *who* rated the comment (no text at all), and the AUC a model that
 * knew each comment's true rate of "toxic" votes would reach. docs/model.md discusses the results.
 *
 * Run: `npx tsx src/moderation/model/civil-labels.ts` (writes bench/reports/model-civil-labels.md).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseRecords } from './csv.js';
import { hashSplit } from './datasets.js';
import { seededRandom } from './hash.js';
import { rocAuc } from './metrics.js';
import { packageRoot, sharedDir } from '../../lib/paths.js';

/** One rater's record for one comment. */
export interface Vote {
  readonly worker: string;
  readonly allToxic: boolean;
  readonly notToxic: boolean;
  readonly spans: number;
}

/**
 * The derivation `loadCivil` uses: a rater found the comment toxic when they marked spans or ticked "all toxic" and
 * did not tick "not toxic".
 */
export const votesToxic = (v: Vote): boolean => !v.notToxic && (v.allToxic || v.spans > 0);

export function readVotes(dir: string): Map<string, { text: string; votes: Vote[] }> {
  const base = join(dir, 'civil_comments_toxic_spans');
  const read = (f: string): Array<Record<string, string>> => parseRecords(readFileSync(join(base, f), 'utf8'));
  const spans = new Map<string, number>();
  for (const s of read('spans.csv')) spans.set(s.annotation ?? '', (spans.get(s.annotation ?? '') ?? 0) + 1);
  const out = new Map<string, { text: string; votes: Vote[] }>();
  for (const c of read('comments.csv')) out.set(c.comment_id ?? '', { text: c.comment_text ?? '', votes: [] });
  for (const a of read('annotations.csv')) {
    out.get(a.comment_id ?? '')?.votes.push({
      worker: a.worker ?? '',
      allToxic: a['all toxic'] === 'True',
      notToxic: a['not toxic'] === 'True',
      spans: spans.get(a.annotation ?? '') ?? 0,
    });
  }
  for (const [id, c] of out) if (c.votes.length === 0) out.delete(id);
  return out;
}

const majority = (votes: readonly Vote[]): 0 | 1 => (votes.filter(votesToxic).length * 2 > votes.length ? 1 : 0);

export interface LabelStudy {
  readonly comments: number;
  /** Rater records by (all toxic, not toxic, marked spans). */
  readonly boxes: ReadonlyArray<{ allToxic: boolean; notToxic: boolean; spans: boolean; count: number }>;
  readonly positiveShare: number;
  /** Among raters with at least 50 records: quartiles of how often they ticked both boxes and marked nothing. */
  readonly bothBoxesRateQuartiles: readonly number[];
  /** Fleiss-style kappa of the per-rater toxic decision on the comments with exactly three raters. */
  readonly kappa3: number;
  /** ROC-AUC on the held-out 20% of a score that is only the raters' toxic-vote rate on the training comments. */
  readonly raterIdentityAuc: number;
  /** On comments with seven raters: AUC of four raters' votes against the majority of the other three. */
  readonly panelAuc: number;
  /** Beta-binomial fit on three-rater comments; AUC of the true per-comment rate against a 3-rater majority. */
  readonly ceilingAuc: number;
}

function quartiles(values: number[]): number[] {
  const s = [...values].sort((a, b) => a - b);
  return [0.25, 0.5, 0.75].map((q) => s[Math.floor(q * (s.length - 1))] ?? 0);
}

/** Marsaglia-Tsang gamma sampler (shape ≥ 1), for the beta draws of the ceiling simulation. */
function gamma(shape: number, random: () => number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const u1 = random() || 1e-12;
    const x = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * random());
    const v = (1 + c * x) ** 3;
    if (v > 0 && Math.log(random() || 1e-12) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

export function studyLabels(dir: string): LabelStudy {
  const all = [...readVotes(dir).values()].filter((c) => c.votes.length < 50); // one quiz comment has 357 raters
  const boxes = new Map<string, number>();
  const perWorker = new Map<string, [number, number]>();
  for (const c of all) {
    for (const v of c.votes) {
      const key = `${v.allToxic}|${v.notToxic}|${v.spans > 0}`;
      boxes.set(key, (boxes.get(key) ?? 0) + 1);
      const w = perWorker.get(v.worker) ?? [0, 0];
      w[0]++;
      if (v.allToxic && v.notToxic && v.spans === 0) w[1]++;
      perWorker.set(v.worker, w);
    }
  }
  // Rater identity alone: each rater's toxic-vote rate on training comments (smoothed), averaged per test comment.
  const train = all.filter((c) => hashSplit('civil', c.text, 20) !== 'test');
  const test = all.filter((c) => hashSplit('civil', c.text, 20) === 'test');
  const rate = new Map<string, [number, number]>();
  let toxicVotes = 0;
  let totalVotes = 0;
  for (const c of train) {
    for (const v of c.votes) {
      const r = rate.get(v.worker) ?? [0, 0];
      r[0]++;
      if (votesToxic(v)) r[1]++;
      rate.set(v.worker, r);
      totalVotes++;
      if (votesToxic(v)) toxicVotes++;
    }
  }
  const prior = toxicVotes / totalVotes;
  const raterScore = (c: { votes: Vote[] }): number =>
    c.votes.reduce((s, v) => {
      const [n, t] = rate.get(v.worker) ?? [0, 0];
      return s + (t + 5 * prior) / (n + 5);
    }, 0) / c.votes.length;
  const raterIdentityAuc = rocAuc(
    test.map(raterScore),
    test.map((c) => majority(c.votes)),
  );

  const three = all.filter((c) => c.votes.length === 3).map((c) => c.votes.filter(votesToxic).length);
  let agree = 0;
  for (const k of three) agree += (k * (k - 1)) / 2 + ((3 - k) * (2 - k)) / 2;
  const p = three.reduce((a, k) => a + k, 0) / (3 * three.length);
  const observed = agree / (3 * three.length);
  const chance = p * p + (1 - p) * (1 - p);

  const random = seededRandom(11);
  const panelScores: number[] = [];
  const panelLabels: number[] = [];
  for (let rep = 0; rep < 20; rep++) {
    for (const c of all.filter((x) => x.votes.length === 7)) {
      const v = c.votes.map(votesToxic);
      for (let i = v.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [v[i], v[j]] = [v[j] ?? false, v[i] ?? false];
      }
      panelScores.push(v.slice(0, 4).filter(Boolean).length + 5 * rep);
      panelLabels.push(v.slice(4).filter(Boolean).length >= 2 ? 1 : 0);
    }
  }
  // Offsetting each repetition's scores keeps repetitions apart; the AUC within a repetition is what is averaged.
  const panelAuc = averageAucByBlock(panelScores, panelLabels, 20);

  // Method of moments for Beta(a, b) from three-rater counts: E[k] = 3m, E[k(k-1)] = 6(var + m²).
  const m = p;
  const second = three.reduce((a, k) => a + k * (k - 1), 0) / three.length / 6;
  const variance = second - m * m;
  const common = (m * (1 - m)) / variance - 1;
  const [a, b] = [m * common, (1 - m) * common];
  const trueRate: number[] = [];
  const label: number[] = [];
  for (let i = 0; i < 50_000; i++) {
    const x = gamma(a, random);
    const q = x / (x + gamma(b, random));
    trueRate.push(q);
    label.push([random(), random(), random()].filter((u) => u < q).length >= 2 ? 1 : 0);
  }

  const workers = [...perWorker.values()].filter(([n]) => n >= 50).map(([n, both]) => both / n);
  return {
    comments: all.length,
    boxes: [...boxes].map(([key, count]) => {
      const [allToxic, notToxic, spans] = key.split('|').map((s) => s === 'true');
      return { allToxic: allToxic ?? false, notToxic: notToxic ?? false, spans: spans ?? false, count };
    }),
    positiveShare: all.filter((c) => majority(c.votes)).length / all.length,
    bothBoxesRateQuartiles: quartiles(workers),
    kappa3: (observed - chance) / (1 - chance),
    raterIdentityAuc,
    panelAuc,
    ceilingAuc: rocAuc(trueRate, label),
  };
}

function averageAucByBlock(scores: number[], labels: number[], blocks: number): number {
  const size = scores.length / blocks;
  let sum = 0;
  for (let r = 0; r < blocks; r++) sum += rocAuc(scores.slice(r * size, (r + 1) * size), labels.slice(r * size, (r + 1) * size));
  return sum / blocks;
}

export function studyReport(s: LabelStudy): string {
  const yes = (b: boolean): string => (b ? 'yes' : 'no');
  const rows = [...s.boxes]
    .sort((x, y) => y.count - x.count)
    .map((b) => `| ${yes(b.allToxic)} | ${yes(b.notToxic)} | ${yes(b.spans)} | ${b.count} |`);
  return [
    '# Civil Comments toxic spans: how far its comment-level labels can be predicted',
    '',
    `Generated by \`npx tsx src/moderation/model/civil-labels.ts\`; ${s.comments} comments. A rater "found it toxic"`,
    'when they marked spans or ticked "all toxic" without ticking "not toxic" (the derivation the model is trained',
    'and evaluated on); the comment is toxic when more than half its raters did.',
    '',
    '| all toxic | not toxic | spans marked | rater records |',
    '|---|---|---|---:|',
    ...rows,
    '',
    '| measure | value |',
    '|---|---:|',
    `| comments labelled toxic | ${(100 * s.positiveShare).toFixed(1)}% |`,
    `| raters (≥ 50 records): share of their records with both boxes ticked and no span, quartiles | ${s.bothBoxesRateQuartiles.map((q) => q.toFixed(2)).join(' / ')} |`,
    `| agreement between raters on 3-rater comments (kappa) | ${s.kappa3.toFixed(3)} |`,
    `| ROC-AUC on the 20% test split of *who rated it* (raters' toxic-vote rate on training comments; no text) | ${s.raterIdentityAuc.toFixed(3)} |`,
    `| ROC-AUC of 4 raters' votes against the majority of 3 other raters (7-rater comments) | ${s.panelAuc.toFixed(3)} |`,
    `| ROC-AUC of a perfect text model (knows each comment's true toxic-vote rate; beta-binomial fit) | ${s.ceilingAuc.toFixed(3)} |`,
    '',
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const report = studyReport(studyLabels(join(sharedDir(), 'data', 'toxicity')));
  writeFileSync(join(packageRoot(), 'bench', 'reports', 'model-civil-labels.md'), report);
  process.stdout.write(report);
}
