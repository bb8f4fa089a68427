import { afterAll, describe, expect, it } from 'vitest';
import { redisAvailable, redisPool, testPrefix } from '../../test-support/redis.js';
import { RedisThreadCache } from './redis-thread-cache.js';
import type { ThreadPage } from './thread.service.js';

const up = await redisAvailable();
const page = (cursor: string): ThreadPage => ({ comments: [], nextCursor: cursor });

describe.skipIf(!up)('RedisThreadCache', () => {
  const prefix = testPrefix('cache');
  const pool = redisPool();
  afterAll(() => pool.cleanup(prefix));

  it('shares pages between instances, and an invalidation on one is seen by all at once', async () => {
    const a = new RedisThreadCache({ redis: pool.connect('request'), prefix });
    const b = new RedisThreadCache({ redis: pool.connect('request'), prefix });
    await pool.ready();
    expect(await a.get('s', 'k')).toBeUndefined();
    await a.set('s', 'k', page('one'));
    expect(await b.get('s', 'k')).toEqual(page('one'));
    expect(await b.get('other', 'k')).toBeUndefined();
    await b.invalidate('s');
    expect(await a.get('s', 'k')).toBeUndefined();
    expect(await b.get('s', 'k')).toBeUndefined();
  });

  it('never stores a page read before an invalidation as current', async () => {
    const a = new RedisThreadCache({ redis: pool.connect('request'), prefix });
    const b = new RedisThreadCache({ redis: pool.connect('request'), prefix });
    await pool.ready();
    expect(await a.get('race', 'k')).toBeUndefined(); // a starts reading the database
    await b.invalidate('race'); // a comment lands meanwhile
    await a.set('race', 'k', page('stale')); // a's read finishes with the old thread
    expect(await b.get('race', 'k')).toBeUndefined();
    await b.set('race', 'k', page('fresh'));
    expect(await a.get('race', 'k')).toEqual(page('fresh'));
  });

  it('expires pages after the TTL', async () => {
    const a = new RedisThreadCache({ redis: pool.connect('request'), prefix, ttlMs: 30 });
    await pool.ready();
    await a.get('ttl', 'k');
    await a.set('ttl', 'k', page('x'));
    const deadline = Date.now() + 2000;
    let gone = false;
    while (!gone && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      gone = (await a.get('ttl', 'k')) === undefined;
    }
    expect(gone).toBe(true);
  });

  it('reads through to the database while Redis is unreachable', async () => {
    const down = redisPool('redis://127.0.0.1:1');
    const a = new RedisThreadCache({ redis: down.connect('request'), prefix });
    expect(await a.get('s', 'k')).toBeUndefined();
    await a.set('s', 'k', page('x'));
    await a.invalidate('s');
    await down.cleanup();
  });
});
