/**
 * Loaders for the labelled sets in ../shared/data/toxicity (see its README for sources and licences). Each set is
 * mapped onto Perspective's attributes; an attribute a set says nothing about is left undefined, not 0, so that
 * training for that attribute skips the example. docs/model.md explains each mapping.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Attribute } from './attributes.js';
import { parseRecords } from './csv.js';
import { fnv1a } from './hash.js';
import { normalize } from '../text/normalize.js';

export const SETS = ['civil', 'olid', 'davidson', 'stormfront', 'convabuse'] as const;
export type SetName = (typeof SETS)[number];
export type Split = 'train' | 'calib' | 'test';
export type Labels = Partial<Record<Attribute, 0 | 1>>;

export interface Example {
  readonly set: SetName;
  readonly id: string;
  readonly text: string;
  readonly labels: Labels;
  readonly split: Split;
}

/**
 * Deterministic split by a hash of the normalized text, so that duplicates land together and a re-run (or a new
 * machine) holds out the very same rows. `testPercent` is 0 for sets that come with their own test split.
 */
export function hashSplit(set: SetName, text: string, testPercent: number): Split {
  const bucket = fnv1a(`${set}\u0000${normalize(text)}`) % 100;
  if (bucket < testPercent) return 'test';
  if (bucket < testPercent + 10) return 'calib';
  return 'train';
}

const read = (dir: string, ...path: string[]): string => readFileSync(join(dir, ...path), 'utf8');
const bit = (b: boolean): 0 | 1 => (b ? 1 : 0);

/** Davidson et al. tweets: class 0 hate, 1 offensive, 2 neither. */
export function loadDavidson(dir: string): Example[] {
  return parseRecords(read(dir, 'davidson', 'labeled_data.csv')).map((r) => {
    const cls = Number(r.class);
    const labels: Labels = {
      TOXICITY: bit(cls !== 2),
      SEVERE_TOXICITY: bit(cls === 0),
      IDENTITY_ATTACK: bit(cls === 0),
    };
    if (cls !== 0) labels.PROFANITY = bit(cls === 1);
    const text = r.tweet ?? '';
    return { set: 'davidson', id: r[''] ?? '', text, labels, split: hashSplit('davidson', text, 20) };
  });
}

function olidLabels(a: string, b: string, c: string): Labels {
  const off = a === 'OFF';
  const labels: Labels = { TOXICITY: bit(off), IDENTITY_ATTACK: bit(off && c === 'GRP') };
  if (!off || c === 'IND') labels.INSULT = bit(off);
  if (!off || b === 'UNT') labels.PROFANITY = bit(off);
  return labels;
}

/** OLID (OffensEval 2019): official training file, and the official test set with labels in labels-level*.csv. */
export function loadOlid(dir: string): Example[] {
  const train = parseRecords(read(dir, 'olid', 'olid-training-v1.0.tsv'), '\t').map((r): Example => {
    const text = r.tweet ?? '';
    const labels = olidLabels(r.subtask_a ?? '', r.subtask_b ?? '', r.subtask_c ?? '');
    const split = hashSplit('olid', text, 0);
    return { set: 'olid', id: r.id ?? '', text, labels, split };
  });
  const level = (n: string): Map<string, string> =>
    new Map(parseRecords(read(dir, 'olid', `labels-level${n}.csv`)).map((r) => [r.id ?? '', r.label ?? '']));
  const [a, b, c] = [level('a'), level('b'), level('c')];
  const test = parseRecords(read(dir, 'olid', 'testset-levela.tsv'), '\t').map((r): Example => {
    const id = r.id ?? '';
    const labels = olidLabels(a.get(id) ?? 'NOT', b.get(id) ?? '', c.get(id) ?? '');
    return { set: 'olid', id, text: r.tweet ?? '', labels, split: 'test' };
  });
  return [...train, ...test];
}

/** Stormfront sentences: hate/noHate; the authors' sampled test rows are our test split. */
export function loadStormfront(dir: string): Example[] {
  return parseRecords(read(dir, 'stormfront', 'stormfront.csv'))
    .filter((r) => r.label === 'hate' || r.label === 'noHate')
    .map((r) => {
      const text = r.text ?? '';
      const hate = bit(r.label === 'hate');
      const split = r.sampled_split === 'test' ? 'test' : hashSplit('stormfront', text, 0);
      return { set: 'stormfront', id: r.file_id ?? '', text, labels: { TOXICITY: hate, IDENTITY_ATTACK: hate }, split };
    });
}

/**
 * Civil Comments toxic spans: a worker calls a comment toxic when they marked spans or "all toxic" and did not tick
 * "not toxic"; the comment is toxic when more than half the workers did. Sub-attributes come from the span types:
 * positive when the comment is toxic and at least a third of the workers marked that type, negative when none did.
 */
export function loadCivil(dir: string): Example[] {
  const base = join(dir, 'civil_comments_toxic_spans');
  const spanTypes = new Map<string, string[]>();
  for (const s of parseRecords(read(base, 'spans.csv'))) {
    const list = spanTypes.get(s.annotation ?? '') ?? [];
    list.push(s.type ?? '');
    spanTypes.set(s.annotation ?? '', list);
  }
  const votes = new Map<string, { workers: number; toxic: number; types: Map<string, number> }>();
  for (const a of parseRecords(read(base, 'annotations.csv'))) {
    const id = a.comment_id ?? '';
    const v = votes.get(id) ?? { workers: 0, toxic: 0, types: new Map<string, number>() };
    const types = new Set(spanTypes.get(a.annotation ?? '') ?? []);
    v.workers++;
    if (a['not toxic'] !== 'True' && (a['all toxic'] === 'True' || types.size > 0)) v.toxic++;
    for (const t of types) v.types.set(t, (v.types.get(t) ?? 0) + 1);
    votes.set(id, v);
  }
  const out: Example[] = [];
  for (const r of parseRecords(read(base, 'comments.csv'))) {
    const v = votes.get(r.comment_id ?? '');
    if (!v) continue;
    const toxic = v.toxic * 2 > v.workers;
    const labels: Labels = { TOXICITY: bit(toxic) };
    const typed = (type: string, attr: Attribute): void => {
      const n = v.types.get(type) ?? 0;
      if (n === 0) labels[attr] = 0;
      else if (toxic && n * 3 >= v.workers) labels[attr] = 1;
    };
    typed('Insult', 'INSULT');
    typed('Identity based Attack', 'IDENTITY_ATTACK');
    typed('Profane/Obscene', 'PROFANITY');
    typed('Threat', 'THREAT');
    const severe = v.toxic === v.workers && (labels.THREAT === 1 || labels.IDENTITY_ATTACK === 1 || labels.PROFANITY === 1);
    labels.SEVERE_TOXICITY = bit(severe);
    const text = r.comment_text ?? '';
    out.push({ set: 'civil', id: r.comment_id ?? '', text, labels, split: hashSplit('civil', text, 20) });
  }
  return out;
}

const ABUSE_LEVELS = ['1', '0', '-1', '-2', '-3'] as const;
const IDENTITY_TYPES = ['ableist', 'homophobic', 'racist', 'sexist', 'transphobic'];

function convabuseLabels(r: Record<string, string>): Labels | undefined {
  let raters = 0;
  let abusive = 0;
  let severity = 0;
  let identity = 0;
  let targeted = 0;
  for (let n = 1; r[`Annotator${n}_is_abuse.1`] !== undefined; n++) {
    const level = ABUSE_LEVELS.find((l) => r[`Annotator${n}_is_abuse.${l}`] === '1');
    if (level === undefined) continue;
    raters++;
    const value = Number(level);
    if (value >= 0) continue;
    abusive++;
    severity -= value;
    if (IDENTITY_TYPES.some((t) => r[`Annotator${n}_${t}`] === '1')) identity++;
    if (r[`Annotator${n}_target.individual`] === '1' || r[`Annotator${n}_target.system`] === '1') targeted++;
  }
  if (raters === 0) return undefined;
  const toxic = abusive * 2 > raters;
  const labels: Labels = {
    TOXICITY: bit(toxic),
    SEVERE_TOXICITY: bit(severity / raters >= 2),
    IDENTITY_ATTACK: bit(toxic && identity * 2 > abusive),
  };
  if (!toxic || targeted * 2 > abusive) labels.INSULT = bit(toxic);
  return labels;
}

/** ConvAbuse user turns to conversational agents; the published validation file is our test split. */
export function loadConvabuse(dir: string): Example[] {
  const out: Example[] = [];
  for (const [file, isTest] of [['ConvAbuseEMNLPtrain.csv', false], ['ConvAbuseEMNLPvalid.csv', true]] as const) {
    for (const r of parseRecords(read(dir, 'convabuse', file))) {
      const labels = convabuseLabels(r);
      const text = r.user ?? '';
      if (!labels || text.trim() === '') continue;
      const split = isTest ? 'test' : hashSplit('convabuse', text, 0);
      out.push({ set: 'convabuse', id: r.example_id ?? '', text, labels, split });
    }
  }
  return out;
}

/**
 * Every set, with training rows whose normalized text also occurs in any test split removed, so that a duplicate
 * tweet or a repeated stock sentence cannot leak the answer.
 */
export function loadAll(dir: string): Example[] {
  const all = [loadCivil(dir), loadOlid(dir), loadDavidson(dir), loadStormfront(dir), loadConvabuse(dir)].flat();
  const testTexts = new Set(all.filter((e) => e.split === 'test').map((e) => normalize(e.text)));
  return all.filter((e) => e.split === 'test' || !testTexts.has(normalize(e.text)));
}
