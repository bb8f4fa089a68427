/**
 * The committed weights only mean something for the exact text normalization and feature hashing they were trained
 * with. This fingerprint of what the training data turns into (splits, normalized text, feature buckets) fails the
 * suite when either changes, so that a change to them comes with a re-trained model (`agora train`) and a new
 * fingerprint, never alone.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAll } from './datasets.js';
import { extractFeatures } from './features.js';
import { sharedDir } from '../../lib/paths.js';
import { normalize } from '../text/normalize.js';

const data = join(sharedDir(), 'data', 'toxicity');
const TRAINED_ON = 'ffbf56ee2da3c5d8f1220b2427ce032d1675360c752bea59718a951789d3134d';

describe.skipIf(!existsSync(data) && !process.env.CI)('what the committed model was trained on', () => {
  it('normalizes, splits and hashes the training data as it did when the model was trained', () => {
    const h = createHash('sha256');
    loadAll(data).forEach((e, n) => {
      const text = normalize(e.text);
      h.update(`${e.set}\u0000${e.id}\u0000${e.split}\u0000${text}\u0000`);
      // Every fourth example's features: enough to catch any change in hashing, at a quarter of the time.
      if (n % 4 === 0) h.update(new Uint8Array(extractFeatures(text, 19).index.buffer));
    });
    expect(h.digest('hex')).toBe(TRAINED_ON);
  }, 60_000);
});
