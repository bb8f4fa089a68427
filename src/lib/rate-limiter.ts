import type { Clock } from './ids.js';

export interface RateDecision {
  allowed: boolean;
  /** How long until the next attempt may succeed (0 when allowed). */
  retryAfterMs: number;
}

/**
 * Counts attempts per key in fixed windows. In-process now; a Redis implementation (INCR + PEXPIRE) slots in
 * behind this interface when Agora runs on many machines.
 */
export interface RateLimiter {
  hit(key: string, limit: number, windowMs: number): Promise<RateDecision>;
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  constructor(
    private readonly clock: Clock = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  async hit(key: string, limit: number, windowMs: number): Promise<RateDecision> {
    const now = this.clock();
    let w = this.windows.get(key);
    if (!w || now - w.start >= windowMs) {
      if (this.windows.size >= this.maxKeys) this.sweep(now, windowMs);
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    if (w.count >= limit) return { allowed: false, retryAfterMs: w.start + windowMs - now };
    w.count += 1;
    return { allowed: true, retryAfterMs: 0 };
  }

  private sweep(now: number, windowMs: number): void {
    for (const [k, w] of this.windows) if (now - w.start >= windowMs) this.windows.delete(k);
    // Still full (an attack with many keys): forget the oldest rather than grow without bound.
    if (this.windows.size >= this.maxKeys) this.windows.clear();
  }
}
