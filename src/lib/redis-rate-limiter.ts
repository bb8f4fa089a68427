import type { Redis, Result } from 'ioredis';
import { MemoryRateLimiter, type RateDecision, type RateLimiter } from './rate-limiter.js';

/**
 * One fixed window per key: the first hit creates the counter with the window's expiry, so the count and its
 * expiry are set together (no counter left without a TTL if a process dies between two commands). A hit over
 * the limit is not counted, as in the in-memory limiter. Returns [count after this hit, ms left in the window].
 */
const HIT_SCRIPT = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
local ttl = redis.call('PTTL', KEYS[1])
if count == 0 or ttl < 0 then
  redis.call('SET', KEYS[1], 1, 'PX', ARGV[2])
  return {1, tonumber(ARGV[2])}
end
if count >= tonumber(ARGV[1]) then return {count + 1, ttl} end
redis.call('INCR', KEYS[1])
return {count + 1, ttl}
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    agoraRateHit(key: string, limit: number, windowMs: number): Result<[number, number], Context>;
  }
}

export interface RedisRateLimiterOptions {
  /** A `request` connection (src/lib/redis.ts), so an outage fails fast. */
  redis: Redis;
  prefix?: string;
  /** Used while Redis is away: limits then hold per instance rather than not at all. */
  fallback?: RateLimiter;
  onError?: (err: unknown) => void;
}

/** Counters shared by every instance, so a limit holds however the load balancer spreads a client's requests. */
export class RedisRateLimiter implements RateLimiter {
  private readonly prefix: string;
  private readonly fallback: RateLimiter;

  constructor(private readonly opts: RedisRateLimiterOptions) {
    this.prefix = opts.prefix ?? 'agora:';
    this.fallback = opts.fallback ?? new MemoryRateLimiter();
    opts.redis.defineCommand('agoraRateHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
  }

  async hit(key: string, limit: number, windowMs: number): Promise<RateDecision> {
    try {
      const [count, ttl] = await this.opts.redis.agoraRateHit(`${this.prefix}rate:${key}`, limit, windowMs);
      return count > limit ? { allowed: false, retryAfterMs: Math.max(0, ttl) } : { allowed: true, retryAfterMs: 0 };
    } catch (err) {
      this.opts.onError?.(err);
      return this.fallback.hit(key, limit, windowMs);
    }
  }
}
