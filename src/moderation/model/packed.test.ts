import { describe, expect, it } from 'vitest';
import { extractFeatures, featureBlocks } from './features.js';
import { probability } from './linear.js';
import type { LinearModel } from './linear.js';
import { packModel, probabilities, readPackedModel } from './packed.js';
import { defaultModelPath } from './scorer.js';
import { readModel } from './weights-file.js';
import { normalize } from '../text/normalize.js';

const texts = [
  'Thanks for the thoughtful article.',
  'You are a pathetic idiot, go to hell',
  'f u c k you',
  'The council votes on the budget on Tuesday; 2,000 residents signed the petition.',
  '',
  '😀😀 ｗｈａｔ ａ ｊｏｋｅ',
];

describe('packed model', () => {
  const model = readModel(defaultModelPath());

  it('scores exactly what the float weights give, for every attribute', () => {
    const packed = readPackedModel(defaultModelPath());
    expect(packed.attributes).toEqual(model.attributes.map((a) => a.attribute));
    const out = new Float64Array(packed.attributes.length);
    for (const text of texts) {
      probabilities(packed, featureBlocks(normalize(text), model.bits), out);
      const f = extractFeatures(normalize(text), model.bits);
      model.attributes.forEach((a, lane) => expect(out[lane]).toBe(probability(a, f)));
    }
  });

  it('packs the file and the decoded model to the same codes', () => {
    const fromFile = readPackedModel(defaultModelPath());
    const fromModel = packModel(model);
    expect(Buffer.from(fromModel.codes.buffer).equals(Buffer.from(fromFile.codes.buffer))).toBe(true);
    expect(fromModel.tables).toEqual(fromFile.tables);
    expect(fromModel.version).toBe(fromFile.version);
  });

  it('holds at most six attributes', () => {
    const attribute = model.attributes[0];
    if (!attribute) throw new Error('model has no attributes');
    const big: LinearModel = { version: 'v', bits: model.bits, attributes: Array.from({ length: 7 }, () => attribute) };
    expect(() => packModel(big)).toThrow(/at most 6/);
  });
});
