/**
 * The trained model in memory: per attribute a weight table over hashed feature buckets, a bias, and the Platt
 * parameters that turn the raw logit into a calibrated probability.
 */
import type { Attribute } from './attributes.js';
import type { Features } from './features.js';

export interface Platt {
  readonly a: number;
  readonly b: number;
}

export interface AttributeModel {
  readonly attribute: Attribute;
  readonly weights: Float32Array;
  readonly bias: number;
  readonly platt: Platt;
}

export interface LinearModel {
  readonly version: string;
  readonly bits: number;
  readonly attributes: readonly AttributeModel[];
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/**
 * The uncalibrated score: bias plus the dot product of features and weights, summed block by block (each block's
 * features share one value): bias + v_words·Σw + v_chars·Σw. The packed scorer computes exactly this, so the shipped
 * scores equal the evaluated ones to the bit.
 */
export function logit(weights: Float32Array, bias: number, f: Features): number {
  const { index, value, words } = f;
  let wordSum = 0;
  let charSum = 0;
  for (let i = 0; i < words; i++) wordSum += weights[index[i] ?? 0] ?? 0;
  for (let i = words; i < index.length; i++) charSum += weights[index[i] ?? 0] ?? 0;
  return bias + (words > 0 ? (value[0] ?? 0) : 0) * wordSum + (value[words] ?? 0) * charSum;
}

export function probability(m: AttributeModel, f: Features): number {
  return sigmoid(m.platt.a * logit(m.weights, m.bias, f) + m.platt.b);
}
