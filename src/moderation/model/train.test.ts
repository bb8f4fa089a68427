import { describe, expect, it } from 'vitest';
import type { Example } from './datasets.js';
import { extractFeatures } from './features.js';
import { probability } from './linear.js';
import { DEFAULT_TRAIN_OPTIONS, trainModel } from './train.js';

const toxic = ['you idiot', 'shut up moron', 'stupid idiot', 'you are a moron', 'idiot and moron'];
const fine = ['nice article', 'thanks for this', 'good point here', 'the vote is today', 'a fair summary'];

function examples(): Example[] {
  const out: Example[] = [];
  for (let copy = 0; copy < 4; copy++) {
    const split = copy === 3 ? 'calib' : 'train';
    for (const t of toxic) out.push({ set: 'olid', id: `${t}${copy}`, text: t, labels: { TOXICITY: 1 }, split });
    for (const t of fine) out.push({ set: 'olid', id: `${t}${copy}`, text: t, labels: { TOXICITY: 0 }, split });
  }
  out.push({ set: 'olid', id: 'held', text: 'idiot moron idiot', labels: { TOXICITY: 0 }, split: 'test' });
  return out;
}

describe('trainModel', () => {
  const options = { ...DEFAULT_TRAIN_OPTIONS, bits: 12, epochs: 5 };

  it('is reproducible: same data and seed, same weights', () => {
    expect(trainModel(examples(), options).version).toBe(trainModel(examples(), options).version);
    expect(trainModel(examples(), { ...options, seed: 2 }).version).not.toBe(trainModel(examples(), options).version);
  });

  it('learns the labels it is given', () => {
    const model = trainModel(examples(), options);
    const tox = model.attributes.find((a) => a.attribute === 'TOXICITY');
    if (!tox) throw new Error('no TOXICITY');
    const p = (t: string): number => probability(tox, extractFeatures(t, model.bits));
    expect(p('what a moron')).toBeGreaterThan(p('what a fair article'));
  });
});
