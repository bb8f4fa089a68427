/**
 * The model as the scorer holds it: every attribute's int8 weights interleaved by bucket, 8 bytes per bucket (4 MB
 * for 2^19 buckets). A comment's few hundred features land on random buckets; with one float table per attribute
 * (12 MB) each feature costs six cache and TLB misses, interleaved it costs one, which makes scoring all six attributes
 * about as fast as scoring one. Scores are the same to the bit as `probability()` on the float weights: each weight is
 * looked up in its attribute's companding table (the same Float32 values `dequantize` gives) and each attribute still
 * sums bias + w·x in feature order.
 */
import { readFileSync } from 'node:fs';
import type { Attribute } from './attributes.js';
import type { Features } from './features.js';
import type { LinearModel, Platt } from './linear.js';
import { sigmoid } from './linear.js';
import { companding, parseWeightsFile, quantize } from './weights-file.js';

/** Bytes per bucket: room for up to 8 attributes, so a bucket never straddles a cache line. */
const LANES = 8;

export interface PackedModel {
  readonly attributes: readonly Attribute[];
  readonly bits: number;
  readonly version: string;
  /** q[bucket * 8 + lane]: the int8 code of attribute `lane`'s weight. */
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

/** Calibrated probabilities of every attribute of the packed model, in its order, written into `out`. */
export function probabilities(p: PackedModel, f: Features, out: Float64Array): void {
  const { codes: q, tables: t, biases } = p;
  const { index, value } = f;
  let z0 = biases[0] ?? 0,
    z1 = biases[1] ?? 0,
    z2 = biases[2] ?? 0,
    z3 = biases[3] ?? 0;
  let z4 = biases[4] ?? 0,
    z5 = biases[5] ?? 0,
    z6 = biases[6] ?? 0,
    z7 = biases[7] ?? 0;
  // Unrolled over the lanes: the eight sums stay in registers.
  for (let i = 0; i < index.length; i++) {
    const b = (index[i] ?? 0) * LANES;
    const v = value[i] ?? 0;
    z0 += (t[128 + (q[b] ?? 0)] ?? 0) * v;
    z1 += (t[384 + (q[b + 1] ?? 0)] ?? 0) * v;
    z2 += (t[640 + (q[b + 2] ?? 0)] ?? 0) * v;
    z3 += (t[896 + (q[b + 3] ?? 0)] ?? 0) * v;
    z4 += (t[1152 + (q[b + 4] ?? 0)] ?? 0) * v;
    z5 += (t[1408 + (q[b + 5] ?? 0)] ?? 0) * v;
    z6 += (t[1664 + (q[b + 6] ?? 0)] ?? 0) * v;
    z7 += (t[1920 + (q[b + 7] ?? 0)] ?? 0) * v;
  }
  const z = [z0, z1, z2, z3, z4, z5, z6, z7];
  p.platt.forEach((platt, lane) => {
    out[lane] = sigmoid(platt.a * (z[lane] ?? 0) + platt.b);
  });
}
