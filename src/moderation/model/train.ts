/**
 * Training: logistic regression per attribute over hashed features, fitted by AdaGrad with L2, then quantized and
 * calibrated (Platt) on the calibration split. Everything is seeded, so the same data gives the same weights.
 */
import { ATTRIBUTES } from './attributes.js';
import type { Attribute } from './attributes.js';
import { fitPlatt } from './calibrate.js';
import type { Example, SetName } from './datasets.js';
import type { Features } from './features.js';
import { extractFeatures } from './features.js';
import { seededRandom } from './hash.js';
import type { AttributeModel, LinearModel } from './linear.js';
import { logit } from './linear.js';
import { modelVersion, quantize } from './weights-file.js';
import { normalize } from '../text/normalize.js';

export interface TrainOptions {
  readonly bits: number;
  readonly epochs: number;
  readonly learningRate: number;
  readonly l2: number;
  readonly seed: number;
  /** NB-weighting (Wang & Manning's NBSVM): scale each feature by its smoothed log-count ratio before fitting. */
  readonly nb: boolean;
  /** How much each set counts (see SET_WEIGHT). */
  readonly setWeight: Readonly<Record<SetName, number>>;
  /** Extra factor on Civil Comments rows for TOXICITY (see CIVIL_TOXICITY_DAMPING). */
  readonly civilToxicityWeight: number;
  /** Called as work advances, for a progress bar: (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * How much each set counts. Davidson is large, tweet shaped, 83% positive and its "offensive" is mostly slang, so it
 * is damped; ConvAbuse is small but clean. Civil Comments toxic spans is the one news-comment source, but its
 * comment-level labels are mostly rater noise (raters agree at kappa 0.08; see civil-labels.ts), so it counts less
 * than a clean set. Chosen on the calibration split, never on a test split (docs/model.md lists the comparison).
 */
const SET_WEIGHT: Readonly<Record<SetName, number>> = {
  civil: 0.75,
  olid: 1,
  davidson: 0.25,
  stormfront: 1,
  convabuse: 1.5,
};

/**
 * Every Civil Comments toxic-spans comment had already been rated toxic by Civil Comments raters; its "not toxic"
 * majority are borderline insults. Trained at full weight as negatives they teach TOXICITY that "idiot" is fine, so
 * for TOXICITY the set counts a fifth (its sub-attribute labels, from span types, are kept at full weight).
 */
const CIVIL_TOXICITY_DAMPING = 0.2;

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  bits: 19,
  epochs: 6,
  learningRate: 0.05,
  l2: 1e-6,
  seed: 1,
  nb: true,
  setWeight: SET_WEIGHT,
  civilToxicityWeight: CIVIL_TOXICITY_DAMPING,
};

export interface Row {
  readonly example: Example;
  readonly features: Features;
}

export function featurize(examples: readonly Example[], bits: number, onEach?: () => void): Row[] {
  return examples.map((example) => {
    onEach?.();
    return { example, features: extractFeatures(normalize(example.text), bits) };
  });
}

/**
 * Example weights for one attribute: the set's weight times a partial class balance within the set (inverse square
 * root of the class share), so rare positives such as threats are not drowned while the base rate still shows.
 */
function exampleWeights(rows: readonly Row[], attribute: Attribute, options: TrainOptions): Float64Array {
  const counts = new Map<string, [number, number]>();
  for (const r of rows) {
    const y = r.example.labels[attribute];
    if (y === undefined) continue;
    const c = counts.get(r.example.set) ?? [0, 0];
    c[y]++;
    counts.set(r.example.set, c);
  }
  return Float64Array.from(rows, (r) => {
    const y = r.example.labels[attribute];
    const c = counts.get(r.example.set);
    if (y === undefined || !c) return 0;
    const share = c[y] / (c[0] + c[1]);
    const damp = attribute === 'TOXICITY' && r.example.set === 'civil' ? options.civilToxicityWeight : 1;
    return (damp * options.setWeight[r.example.set]) / Math.sqrt(Math.max(share, 0.02));
  });
}

export function fitLogistic(rows: readonly Row[], attribute: Attribute, options: TrainOptions, tick: () => void = () => {}) {
  const size = 1 << options.bits;
  const w = new Float32Array(size);
  const g2 = new Float32Array(size);
  let bias = 0;
  let biasG2 = 0;
  const weights = exampleWeights(rows, attribute, options);
  const order = rows.map((_, i) => i).filter((i) => (weights[i] ?? 0) > 0);
  const random = seededRandom(options.seed ^ ATTRIBUTES.indexOf(attribute));
  const { learningRate: lr, l2 } = options;
  const r = options.nb ? nbRatios(rows, attribute, weights, size) : new Float32Array(size).fill(1);
  // The model is fitted on NB-scaled features; folding the ratios into the weights keeps scoring unchanged.
  const effective = new Float32Array(size);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
    }
    for (const n of order) {
      const row = rows[n];
      if (!row) continue;
      const y = row.example.labels[attribute] ?? 0;
      const { index, value } = row.features;
      const p = 1 / (1 + Math.exp(-logit(effective, bias, row.features)));
      const g = (p - y) * (weights[n] ?? 0);
      for (let k = 0; k < index.length; k++) {
        const idx = index[k] ?? 0;
        const grad = g * (value[k] ?? 0) * (r[idx] ?? 0) + l2 * (w[idx] ?? 0);
        g2[idx] = (g2[idx] ?? 0) + grad * grad;
        w[idx] = (w[idx] ?? 0) - (lr * grad) / Math.sqrt((g2[idx] ?? 0) + 1e-8);
        effective[idx] = (w[idx] ?? 0) * (r[idx] ?? 0);
      }
      biasG2 += g * g;
      bias -= (lr * g) / Math.sqrt(biasG2 + 1e-8);
    }
    tick();
  }
  return { weights: effective, bias };
}

/** Smoothed log-count ratios log((p/|p|)/(q/|q|)) of each bucket between positives and negatives, as |ratio|+0.1. */
function nbRatios(rows: readonly Row[], attribute: Attribute, weights: Float64Array, size: number): Float32Array {
  const p = new Float64Array(size).fill(1);
  const q = new Float64Array(size).fill(1);
  rows.forEach((row, n) => {
    const y = row.example.labels[attribute];
    const sw = weights[n] ?? 0;
    if (y === undefined || sw === 0) return;
    const target = y ? p : q;
    for (const idx of row.features.index) target[idx] = (target[idx] ?? 0) + sw;
  });
  const sp = p.reduce((a, v) => a + v, 0);
  const sq = q.reduce((a, v) => a + v, 0);
  // Magnitude only: the sign is for the logistic regression to learn; a floor keeps every feature trainable.
  return Float32Array.from(p, (pv, i) => Math.abs(Math.log(pv / sp / ((q[i] ?? 1) / sq))) + 0.1);
}

/** Fits Platt scaling on calibration rows, weighted by set like training (without the class balancing). */
function calibrate(rows: readonly Row[], attribute: Attribute, weights: Float32Array, bias: number, options: TrainOptions) {
  const z: number[] = [];
  const y: number[] = [];
  const sw: number[] = [];
  for (const r of rows) {
    const label = r.example.labels[attribute];
    if (label === undefined) continue;
    z.push(logit(weights, bias, r.features));
    y.push(label);
    sw.push(options.setWeight[r.example.set]);
  }
  return fitPlatt(z, y, sw);
}

/** Trains every attribute on the train split and calibrates on the calib split; the test split is never read. */
export function trainModel(examples: readonly Example[], options: TrainOptions = DEFAULT_TRAIN_OPTIONS): LinearModel {
  const used = examples.filter((e) => e.split !== 'test');
  const total = used.length + ATTRIBUTES.length * (options.epochs + 1);
  let done = 0;
  const tick = (): void => options.onProgress?.(++done, total);
  const rows = featurize(used, options.bits, tick);
  const train = rows.filter((r) => r.example.split === 'train');
  const calib = rows.filter((r) => r.example.split === 'calib');
  const attributes: AttributeModel[] = ATTRIBUTES.map((attribute) => {
    const fitted = fitLogistic(train, attribute, options, tick);
    // Calibrate the weights as they will be shipped, after quantization.
    const weights = quantize(fitted.weights).decoded;
    const platt = calibrate(calib, attribute, weights, fitted.bias, options);
    tick();
    return { attribute, weights, bias: fitted.bias, platt };
  });
  return { version: modelVersion(options.bits, attributes), bits: options.bits, attributes };
}
