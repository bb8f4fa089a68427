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

/** The uncalibrated score: bias plus the dot product of features and weights. */
export function logit(weights: Float32Array, bias: number, f: Features): number {
  let z = bias;
  const { index, value } = f;
  for (let i = 0; i < index.length; i++) z += (weights[index[i] ?? 0] ?? 0) * (value[i] ?? 0);
  return z;
}

export function probability(m: AttributeModel, f: Features): number {
  return sigmoid(m.platt.a * logit(m.weights, m.bias, f) + m.platt.b);
}

