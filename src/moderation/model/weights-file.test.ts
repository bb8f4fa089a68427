import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fitPlatt } from './calibrate.js';
import { sigmoid } from './linear.js';
import type { LinearModel } from './linear.js';
import { seededRandom } from './hash.js';
import { decodeModel, encodeModel, quantize } from './weights-file.js';

describe('weights file', () => {
  it('quantizes with small relative error for large and small weights alike', () => {
    const random = seededRandom(7);
    const w = Float32Array.from({ length: 4096 }, () => (random() - 0.5) ** 3 * 8);
    const { decoded, max } = quantize(w);
    // Rounding is at most half a step in sqrt space, so the error grows with sqrt(|w|) rather than with max.
    const bound = (v: number): number => (Math.sqrt(Math.abs(v) * max) / 127 + max / (4 * 127 * 127)) * 1.001;
    w.forEach((v, i) => expect(Math.abs((decoded[i] ?? 0) - v)).toBeLessThanOrEqual(bound(v)));
  });

  it('round-trips a model and produces identical bytes for identical weights', () => {
    const weights = Float32Array.from({ length: 1 << 4 }, (_, i) => (i - 8) / 8);
    const model: LinearModel = {
      version: 'v',
      bits: 4,
      attributes: [{ attribute: 'TOXICITY', weights, bias: -0.5, platt: { a: 1.2, b: -0.1 } }],
    };
    const bytes = encodeModel(model);
    expect(encodeModel(model).equals(bytes)).toBe(true);
    const back = decodeModel(bytes);
    expect(back.bits).toBe(4);
    expect(back.attributes[0]?.platt).toEqual({ a: 1.2, b: -0.1 });
    back.attributes[0]?.weights.forEach((v, i) => expect(v).toBeCloseTo(weights[i] ?? 0, 2));
  });

  it('refuses a file that is not a model, or whose weights are cut short', () => {
    const model: LinearModel = {
      version: 'v',
      bits: 4,
      attributes: [{ attribute: 'TOXICITY', weights: new Float32Array(16).fill(0.5), bias: 0, platt: { a: 1, b: 0 } }],
    };
    const raw = gunzipSync(encodeModel(model));
    expect(() => decodeModel(gzipSync(raw.subarray(0, raw.length - 1)))).toThrow(/wrong size/);
    expect(() => decodeModel(gzipSync(Buffer.from('not a model')))).toThrow(/not an Agora toxicity model/);
  });
});

describe('Platt scaling', () => {
  it('recovers the slope and intercept of a calibrated source', () => {
    const random = seededRandom(3);
    const z: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 20000; i++) {
      const zi = random() * 8 - 4;
      z.push(zi);
      y.push(random() < sigmoid(2 * zi - 1) ? 1 : 0);
    }
    const { a, b } = fitPlatt(z, y);
    expect(a).toBeCloseTo(2, 0);
    expect(b).toBeCloseTo(-1, 0);
  });
});

describe('Platt scaling on a backwards calibration set', () => {
  it('never inverts the scores', () => {
    const z = [3, 2, 1, -1, -2, -3];
    const y = [0, 0, 0, 1, 1, 1];
    expect(fitPlatt(z, y).a).toBe(1);
  });
});
