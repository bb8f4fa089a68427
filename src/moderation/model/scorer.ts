/**
 * Agora's in-process toxicity scorer: the committed linear model (models/toxicity.bin.gz) behind a small interface,
 * so that the moderation pipeline and the Perspective-compatible route do not care how scores are made.
 */
import { join } from 'node:path';
import { ATTRIBUTES } from './attributes.js';
import type { Attribute } from './attributes.js';
import { featureBlocks } from './features.js';
import type { LinearModel } from './linear.js';
import type { PackedModel } from './packed.js';
import { packModel, probabilities, readPackedModel } from './packed.js';
import { packageRoot } from '../../lib/paths.js';
import { normalize } from '../text/normalize.js';

export type { Attribute } from './attributes.js';

export interface SpanScore {
  /** UTF-16 offsets into the text as given. */
  begin: number;
  end: number;
  score: number;
}

export interface Scorer {
  readonly attributes: readonly Attribute[];
  readonly version: string;
  /** Calibrated probability (0..1) per attribute that a moderator would act on the text for that reason. */
  score(text: string): Record<Attribute, number>;
  /** The text cut into sentences, each scored on its own: shows which part of a long comment is the problem. */
  spans(text: string, attribute: Attribute): Array<SpanScore>;
}

export function defaultModelPath(): string {
  return join(packageRoot(), 'models', 'toxicity.bin.gz');
}

// A sentence: up to and including its closing punctuation or line break, with trailing spaces.
const SENTENCE = /[^.!?\n]*(?:[.!?]+|\n|$)[ \t\r\n]*/g;

export function sentenceRanges(text: string): Array<{ begin: number; end: number }> {
  const out: Array<{ begin: number; end: number }> = [];
  for (const m of text.matchAll(SENTENCE)) {
    if (m[0].length === 0) continue;
    const begin = m.index;
    const end = begin + m[0].trimEnd().length;
    if (/[\p{L}\p{N}\p{Extended_Pictographic}]/u.test(m[0])) out.push({ begin, end });
    else if (out.length > 0) {
      // Stray punctuation or emoji-free fragments join the sentence before them.
      const last = out[out.length - 1];
      if (last) last.end = end;
    }
  }
  return out;
}

export function createScorer(model: LinearModel | PackedModel): Scorer {
  const packed = 'codes' in model ? model : packModel(model);
  const { bits, version } = packed;
  const attributes = ATTRIBUTES.filter((a) => packed.attributes.includes(a));
  // Each Perspective attribute and where the model keeps it (-1: not in this model, scored 0).
  const lanes = ATTRIBUTES.map((a) => [a, packed.attributes.indexOf(a)] as const);
  const scores = new Float64Array(packed.attributes.length);
  const probabilitiesOf = (text: string): Float64Array => {
    probabilities(packed, featureBlocks(normalize(text), bits), scores);
    return scores;
  };
  const score = (text: string): Record<Attribute, number> => {
    const p = probabilitiesOf(text);
    const out = {} as Record<Attribute, number>;
    for (const [a, lane] of lanes) out[a] = lane >= 0 ? (p[lane] ?? 0) : 0;
    return out;
  };
  const spans = (text: string, attribute: Attribute): SpanScore[] => {
    const lane = packed.attributes.indexOf(attribute);
    if (lane < 0) return [];
    return sentenceRanges(text).map(({ begin, end }) => ({
      begin,
      end,
      score: probabilitiesOf(text.slice(begin, end))[lane] ?? 0,
    }));
  };
  return { attributes, version, score, spans };
}

const cache = new Map<string, Scorer>();

/** Loads (once per path) the weights file; defaults to the model committed under models/. */
export function loadScorer(path: string = defaultModelPath()): Scorer {
  const hit = cache.get(path);
  if (hit) return hit;
  const scorer = createScorer(readPackedModel(path));
  cache.set(path, scorer);
  return scorer;
}
