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
  const loss = (a: number, b: number): number => {
    let l = 0;
    for (let i = 0; i < z.length; i++) {
      const p = Math.min(Math.max(sigmoid(a * (z[i] ?? 0) + b), 1e-15), 1 - 1e-15);
      const t = y[i] ? hi : lo;
      l -= (weight?.[i] ?? 1) * (t * Math.log(p) + (1 - t) * Math.log(1 - p));
    }
    return l;
  };
  let a = 1;
  let b = 0;
  let current = loss(a, b);
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
    // Backtracking line search (as in Platt's own procedure): plain Newton can overshoot and diverge.
    let step = 1;
    while (step > 1e-8 && loss(a - step * da, b - step * db) > current + 1e-12) step /= 2;
    if (step <= 1e-8) break;
    a -= step * da;
    b -= step * db;
    current = loss(a, b);
    if (Math.abs(step * da) < 1e-9 && Math.abs(step * db) < 1e-9) break;
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
