import { describe, expect, it } from 'vitest';
import { precisionAtRecall, prAuc, rocAuc } from './metrics.js';

describe('metrics', () => {
  it('gives 1 for a perfect ranking and 0.5 for all ties', () => {
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0])).toBe(1);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0])).toBe(0.5);
    expect(prAuc([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0])).toBe(1);
  });

  it('matches hand-computed values', () => {
    // Pairs (pos, neg): (0.8>0.7) (0.8>0.1) (0.4<0.7) (0.4>0.1) → 3 of 4.
    expect(rocAuc([0.8, 0.7, 0.4, 0.1], [1, 0, 1, 0])).toBe(0.75);
    // Average precision: recall 0.5 at precision 1, recall 1 at precision 2/3.
    expect(prAuc([0.8, 0.7, 0.4, 0.1], [1, 0, 1, 0])).toBeCloseTo(0.5 + 0.5 * (2 / 3));
    expect(precisionAtRecall([0.8, 0.7, 0.4, 0.1], [1, 0, 1, 0], 0.8)).toBeCloseTo(2 / 3);
  });

  it('is NaN when a class is missing', () => {
    expect(rocAuc([0.1, 0.2], [1, 1])).toBeNaN();
  });
});
