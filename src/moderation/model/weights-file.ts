/**
 * The committed weights file (models/toxicity.bin.gz): gzip of
 *   "AGTX" | uint32 LE header length | header JSON | one Int8Array of 2^bits weights per attribute.
 * Weights are int8 with square-root companding (w = sign(q)·(q/127)²·max): most weights are tiny and a few are large,
 * so this keeps both the strong words and the long tail, where linear int8 would round the tail to zero.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Attribute } from './attributes.js';
import { isAttribute } from './attributes.js';
import type { AttributeModel, LinearModel, Platt } from './linear.js';

const MAGIC = 'AGTX';

export interface Header {
  readonly format: 1;
  readonly version: string;
  readonly bits: number;
  readonly attributes: ReadonlyArray<{ name: Attribute; bias: number; max: number; platt: Platt }>;
}

export interface Quantized {
  readonly q: Int8Array;
  readonly max: number;
  readonly decoded: Float32Array;
}

/** The weight each int8 code stands for: `table[q + 128]`. */
export function companding(max: number): Float32Array {
  const table = new Float32Array(256);
  for (let v = -128; v < 128; v++) table[v + 128] = Math.sign(v) * (v / 127) ** 2 * max;
  return table;
}

export function dequantize(q: Int8Array, max: number): Float32Array {
  const table = companding(max);
  const out = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) out[i] = table[(q[i] ?? 0) + 128] ?? 0;
  return out;
}

export function quantize(weights: Float32Array): Quantized {
  let max = 0;
  for (const w of weights) max = Math.max(max, Math.abs(w));
  const q = new Int8Array(weights.length);
  if (max > 0)
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i] ?? 0;
      q[i] = Math.sign(w) * Math.round(127 * Math.sqrt(Math.abs(w) / max));
    }
  return { q, max, decoded: dequantize(q, max) };
}

/** A content hash makes the version change whenever the weights do, and stay put when training is re-run. */
export function modelVersion(bits: number, attributes: readonly AttributeModel[]): string {
  const h = createHash('sha256');
  for (const a of attributes) {
    h.update(new Uint8Array(a.weights.buffer, a.weights.byteOffset, a.weights.byteLength));
    h.update(JSON.stringify([a.attribute, a.bias, a.platt]));
  }
  return `lr-h${bits}-${h.digest('hex').slice(0, 10)}`;
}

export function encodeModel(model: LinearModel): Buffer {
  const parts = model.attributes.map((a) => ({ a, quant: quantize(a.weights) }));
  const header: Header = {
    format: 1,
    version: model.version,
    bits: model.bits,
    attributes: parts.map(({ a, quant }) => ({ name: a.attribute, bias: a.bias, max: quant.max, platt: a.platt })),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  const blobs = parts.map(({ quant }) => Buffer.from(quant.q.buffer, quant.q.byteOffset, quant.q.byteLength));
  // mtime 0 in the gzip header (Node's default) keeps the file byte-identical across re-training.
  return gzipSync(Buffer.concat([Buffer.from(MAGIC), length, json, ...blobs]), { level: 9 });
}

/** The header and, per attribute, its int8 codes (views into the unzipped file). */
export interface WeightsFile {
  readonly header: Header;
  readonly codes: readonly Int8Array[];
}

export function parseWeightsFile(file: Buffer): WeightsFile {
  const raw = gunzipSync(file);
  if (raw.subarray(0, 4).toString('latin1') !== MAGIC) throw new Error('not an Agora toxicity model file');
  const length = raw.readUInt32LE(4);
  const header = JSON.parse(raw.subarray(8, 8 + length).toString('utf8')) as Header;
  if (header.format !== 1) throw new Error(`unsupported model format ${String(header.format)}`);
  const size = 1 << header.bits;
  if (raw.length !== 8 + length + size * header.attributes.length) throw new Error('model file has the wrong size (truncated or corrupt)');
  for (const a of header.attributes) if (!isAttribute(a.name)) throw new Error(`unknown attribute ${a.name} in model file`);
  const codes = header.attributes.map((_, k) => new Int8Array(raw.buffer, raw.byteOffset + 8 + length + k * size, size));
  return { header, codes };
}

export function decodeModel(file: Buffer): LinearModel {
  const { header, codes } = parseWeightsFile(file);
  const attributes = header.attributes.map((a, k): AttributeModel => ({
    attribute: a.name,
    weights: dequantize(codes[k] ?? new Int8Array(0), a.max),
    bias: a.bias,
    platt: a.platt,
  }));
  return { version: header.version, bits: header.bits, attributes };
}

export function writeModel(path: string, model: LinearModel): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, encodeModel(model));
}

export function readModel(path: string): LinearModel {
  return decodeModel(readFileSync(path));
}
