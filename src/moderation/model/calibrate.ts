/**
 * Platt scaling: fits p = sigmoid(a·z + b) to held-out logits by Newton's method, with Platt's smoothed targets so a
 * perfectly separated calibration set does not push a to infinity. Deterministic, no learning rate to tune.
 */
import type { Platt } from './linear.js';
import { sigmoid } from './linear.js';

export function fitPlatt(z: ArrayLike<number>, y: ArrayLike<number>, weight?: ArrayLike<number>): Platt {
  let pos = 0;
  let neg = 0;
  for (let i = 0; i < y.length; i++) {
    const w = weight?.[i] ?? 1;
    if (y[i]) pos += w;
    else neg += w;
  }
  if (pos === 0 || neg === 0) return { a: 1, b: 0 };
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (neg + 2);
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 100; iter++) {
    // Gradient and Hessian of the weighted log loss in (a, b).
    let ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
    for (let i = 0; i < z.length; i++) {
      const w = weight?.[i] ?? 1;
      const zi = z[i] ?? 0;
      const t = y[i] ? hi : lo;
      const p = sigmoid(a * zi + b);
      const d = (p - t) * w;
      const s = p * (1 - p) * w;
      ga += d * zi;
      gb += d;
      haa += s * zi * zi;
      hab += s * zi;
      hbb += s;
    }
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-12) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) < 1e-9 && Math.abs(db) < 1e-9) break;
  }
  // A non-positive slope means the calibration set says the model ranks backwards (too few positives to trust);
  // keep the model's own scale and fit the intercept alone rather than invert the scores.
  if (!(a > 0) || !Number.isFinite(b)) return fitInterceptOnly(z, y, weight, hi, lo);
  return { a, b };
}

function fitInterceptOnly(z: ArrayLike<number>, y: ArrayLike<number>, weight: ArrayLike<number> | undefined, hi: number, lo: number): Platt {
  let b = 0;
  for (let iter = 0; iter < 100; iter++) {
    let g = 0;
    let h = 1e-9;
    for (let i = 0; i < z.length; i++) {
      const w = weight?.[i] ?? 1;
      const p = sigmoid((z[i] ?? 0) + b);
      g += (p - (y[i] ? hi : lo)) * w;
      h += p * (1 - p) * w;
    }
    b -= g / h;
    if (Math.abs(g / h) < 1e-9) break;
  }
  return { a: 1, b };
}
