/**
 * The model as the scorer holds it: every attribute's int8 weights interleaved by bucket, 6 bytes per bucket (3 MB
 * for 2^19 buckets). A comment's few hundred features land on random buckets; with one float table per attribute
 * (12 MB) each feature costs six cache and TLB misses, interleaved it costs about one, which makes scoring all six
 * attributes about as fast as scoring one. (Padding records to 8 bytes, so none straddles a cache line, measured
 * slower: the table is a third larger and the loop does a third more work.) Scores are the same to the bit as `probability()` on the float weights: each weight is
 * looked up in its attribute's companding table (the same Float32 values `dequantize` gives) and summed block by
 * block in the same order and the same expression as `logit()`.
 */
import { readFileSync } from 'node:fs';
import { ATTRIBUTES } from './attributes.js';
import type { Attribute } from './attributes.js';
import type { FeatureBlocks } from './features.js';
import { blockValue } from './features.js';
import type { LinearModel, Platt } from './linear.js';
import { sigmoid } from './linear.js';
import { companding, parseWeightsFile, quantize } from './weights-file.js';

/** Bytes per bucket: one per Perspective attribute. blockSums is unrolled for six; the type fails if that changes. */
const LANES: 6 = ATTRIBUTES.length;

export interface PackedModel {
  readonly attributes: readonly Attribute[];
  readonly bits: number;
  readonly version: string;
  /** codes[bucket * 6 + lane]: the int8 code of attribute `lane`'s weight. */
  readonly codes: Int8Array;
  /** tables[lane * 256 + q + 128]: the weight that code stands for. */
  readonly tables: Float32Array;
  readonly biases: Float64Array;
  readonly platt: readonly Platt[];
}

interface PackInput {
  readonly bits: number;
  readonly version: string;
  readonly attributes: ReadonlyArray<{
    readonly attribute: Attribute;
    /** int8 codes of the 2^bits weights, and the largest weight's size: w = sign(q)·(q/127)²·max. */
    readonly q: Int8Array;
    readonly max: number;
    readonly bias: number;
    readonly platt: Platt;
  }>;
}

function pack({ bits, version, attributes }: PackInput): PackedModel {
  if (attributes.length > LANES) throw new Error(`a packed model holds at most ${LANES} attributes, not ${attributes.length}`);
  const size = 1 << bits;
  const codes = new Int8Array(size * LANES);
  const tables = new Float32Array(256 * LANES);
  attributes.forEach(({ q, max }, lane) => {
    for (let i = 0; i < size; i++) codes[i * LANES + lane] = q[i] ?? 0;
    tables.set(companding(max), lane * 256);
  });
  return {
    attributes: attributes.map((a) => a.attribute),
    bits,
    version,
    codes,
    tables,
    biases: Float64Array.from({ length: LANES }, (_, lane) => attributes[lane]?.bias ?? 0),
    platt: attributes.map((a) => a.platt),
  };
}

/**
 * Packs a model in memory. Its weights are int8-quantized already (trained and loaded models are), so re-quantizing
 * them gives back the same codes; a model with arbitrary float weights is quantized here.
 */
export function packModel(model: LinearModel): PackedModel {
  return pack({
    bits: model.bits,
    version: model.version,
    attributes: model.attributes.map((a) => ({ ...a, ...quantize(a.weights) })),
  });
}

/** Packs a weights file straight from its int8 codes: no float tables are built on the way. */
export function readPackedModel(path: string): PackedModel {
  const { header, codes } = parseWeightsFile(readFileSync(path));
  return pack({
    bits: header.bits,
    version: header.version,
    attributes: header.attributes.map((a, k) => ({
      attribute: a.name,
      q: codes[k] ?? new Int8Array(0),
      max: a.max,
      bias: a.bias,
      platt: a.platt,
    })),
  });
}

/** Per lane, the sum of the weights of a block's buckets. */
function blockSums(p: PackedModel, block: Int32Array, sums: Float64Array): void {
  const { codes: q, tables: t } = p;
  // Unrolled over the six lanes: the sums stay in registers.
  // prettier-ignore
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0;
  for (let i = 0; i < block.length; i++) {
    const b = (block[i] ?? 0) * LANES;
    s0 += t[128 + (q[b] ?? 0)] ?? 0;
    s1 += t[384 + (q[b + 1] ?? 0)] ?? 0;
    s2 += t[640 + (q[b + 2] ?? 0)] ?? 0;
    s3 += t[896 + (q[b + 3] ?? 0)] ?? 0;
    s4 += t[1152 + (q[b + 4] ?? 0)] ?? 0;
    s5 += t[1408 + (q[b + 5] ?? 0)] ?? 0;
  }
  sums[0] = s0;
  sums[1] = s1;
  sums[2] = s2;
  sums[3] = s3;
  sums[4] = s4;
  sums[5] = s5;
}

const wordSums = new Float64Array(LANES);
const charSums = new Float64Array(LANES);

/** Calibrated probabilities of every attribute of the packed model, in its order, written into `out`. */
export function probabilities(p: PackedModel, f: FeatureBlocks, out: Float64Array): void {
  blockSums(p, f.words, wordSums);
  blockSums(p, f.chars, charSums);
  const vw = blockValue(f.words.length);
  const vc = blockValue(f.chars.length);
  for (let lane = 0; lane < p.platt.length; lane++) {
    const platt = p.platt[lane];
    // The same expression, in the same order, as logit().
    const z = (p.biases[lane] ?? 0) + vw * (wordSums[lane] ?? 0) + vc * (charSums[lane] ?? 0);
    if (platt) out[lane] = sigmoid(platt.a * z + platt.b);
  }
}
