import { afterAll, describe, expect, it } from 'vitest';
import { redisAvailable, redisPool, testPrefix } from '../test-support/redis.js';
import { RedisRateLimiter } from './redis-rate-limiter.js';

const up = await redisAvailable();

describe.skipIf(!up)('RedisRateLimiter', () => {
  const prefix = testPrefix('rate');
  const pool = redisPool();
  afterAll(() => pool.cleanup(prefix));

  it('shares one window between instances and tells when to retry', async () => {
    const a = new RedisRateLimiter({ redis: pool.connect('request'), prefix });
    const b = new RedisRateLimiter({ redis: pool.connect('request'), prefix });
    await pool.ready();
    expect((await a.hit('ip:1', 3, 60_000)).allowed).toBe(true);
    expect((await b.hit('ip:1', 3, 60_000)).allowed).toBe(true);
    expect((await a.hit('ip:1', 3, 60_000)).allowed).toBe(true);
    const over = await b.hit('ip:1', 3, 60_000);
    expect(over.allowed).toBe(false);
    expect(over.retryAfterMs).toBeGreaterThan(50_000);
    expect(over.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect((await a.hit('ip:2', 3, 60_000)).allowed).toBe(true);
  });

  it('counts concurrent hits atomically', async () => {
    const a = new RedisRateLimiter({ redis: pool.connect('request'), prefix });
    const b = new RedisRateLimiter({ redis: pool.connect('request'), prefix });
    await pool.ready();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).hit('burst', 10, 60_000)));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
  });

  it('starts a new window when the old one expires', async () => {
    const a = new RedisRateLimiter({ redis: pool.connect('request'), prefix });
    await pool.ready();
    expect((await a.hit('short', 1, 50)).allowed).toBe(true);
    expect((await a.hit('short', 1, 50)).allowed).toBe(false);
    const deadline = Date.now() + 2000;
    let again = false;
    while (!again && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      again = (await a.hit('short', 1, 50)).allowed;
    }
    expect(again).toBe(true);
  });

  it('falls back to per-instance limits while Redis is unreachable', async () => {
    const down = redisPool('redis://127.0.0.1:1');
    const errors: unknown[] = [];
    const a = new RedisRateLimiter({ redis: down.connect('request'), prefix, onError: (e) => errors.push(e) });
    expect((await a.hit('k', 1, 60_000)).allowed).toBe(true);
    expect((await a.hit('k', 1, 60_000)).allowed).toBe(false);
    expect(errors.length).toBeGreaterThan(0);
    await down.cleanup();
  });
});
