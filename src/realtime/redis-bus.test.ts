import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisAvailable, redisPool, testPrefix } from '../test-support/redis.js';
import type { LiveEvent } from './event-bus.js';
import { RedisEventBus } from './redis-bus.js';

const up = await redisAvailable();
const removed = (id: string) => ({ type: 'comment.removed' as const, id, parentId: null });

/** Resolves with the first `n` events the listener gets, or rejects after `ms`. */
function collect(n: number, ms = 3000) {
  const got: LiveEvent[] = [];
  let done: (v: LiveEvent[]) => void = () => {};
  const all = new Promise<LiveEvent[]>((resolve, reject) => {
    done = resolve;
    setTimeout(() => reject(new Error(`got ${got.length} of ${n} events`)), ms).unref();
  });
  return {
    got,
    all,
    listener: (e: LiveEvent) => {
      got.push(e);
      if (got.length === n) done(got);
    },
  };
}

describe.skipIf(!up)('RedisEventBus', () => {
  const prefix = testPrefix('bus');
  const pool = redisPool();
  let a: RedisEventBus;
  let b: RedisEventBus;
  let raw: Redis;
  beforeAll(async () => {
    raw = pool.connect('request');
    // Two instances: each its own connections, as two processes would have.
    a = new RedisEventBus({ redis: pool.connect('request'), subscriber: pool.connect('subscriber'), prefix, bufferSize: 3 });
    b = new RedisEventBus({ redis: pool.connect('request'), subscriber: pool.connect('subscriber'), prefix, bufferSize: 3 });
    await pool.ready();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await pool.cleanup(prefix);
  });

  it('delivers what one instance publishes to the readers of the story on another, in order', async () => {
    const onB = collect(3);
    const other: LiveEvent[] = [];
    const sub = await b.subscribe('s1', onB.listener);
    await b.subscribe('s2', (e) => other.push(e));
    expect(sub.missed).toEqual([]);
    const first = await a.publish('s1', removed('x'));
    await b.publish('s1', removed('y'));
    await a.publish('s1', removed('z'));
    const events = await onB.all;
    expect(events.map((e) => (e.data as { id: string }).id)).toEqual(['x', 'y', 'z']);
    expect(events[0]?.id).toBe(first.id);
    const seqs = events.map((e) => e.id.split('-').map(BigInt) as [bigint, bigint]);
    for (let i = 1; i < seqs.length; i++) {
      const [ms, n] = seqs[i]!;
      const [pms, pn] = seqs[i - 1]!;
      expect(ms > pms || (ms === pms && n > pn)).toBe(true);
    }
    expect(other).toEqual([]);
    sub.unsubscribe();
    expect(b.listenerCount('s1')).toBe(0);
  });

  it('replays missed events on any instance, and says so when it cannot', async () => {
    const e1 = await a.publish('r', removed('1'));
    const e2 = await a.publish('r', removed('2'));
    const e3 = await b.publish('r', removed('3'));
    const s = await b.subscribe('r', () => {}, e1.id);
    expect(s.missed?.map((e) => e.id)).toEqual([e2.id, e3.id]);
    s.unsubscribe();
    expect((await a.subscribe('r', () => {}, e3.id)).missed).toEqual([]);
    await a.publish('r', removed('4'));
    await a.publish('r', removed('5'));
    // Capped at 3: e1 and e2 are gone, so a reader at e1 cannot be caught up; one at e2 can (3, 4, 5).
    expect((await b.subscribe('r', () => {}, e1.id)).missed).toBeNull();
    expect((await b.subscribe('r', () => {}, e2.id)).missed?.map((e) => (e.data as { id: string }).id)).toEqual(['3', '4', '5']);
    expect((await b.subscribe('r', () => {}, 'garbage')).missed).toBeNull();
    expect((await b.subscribe('never-published', () => {}, e2.id)).missed).toBeNull();
  });

  it('hands over events published during the replay exactly once', async () => {
    const e1 = await a.publish('race', removed('1'));
    const live = collect(1);
    const pending = b.subscribe('race', live.listener, e1.id);
    const e2 = await a.publish('race', removed('2'));
    const sub = await pending;
    const e3 = await a.publish('race', removed('3'));
    await live.all;
    const seen = [...(sub.missed ?? []), ...live.got].map((e) => e.id);
    expect(seen).toEqual([e2.id, e3.id]);
  });

  it('gives a position from which exactly the later events are replayed, on any instance, with or without a stream', async () => {
    const ids = (s: { missed: LiveEvent[] | null }) => s.missed?.map((e) => (e.data as { id: string }).id) ?? null;
    // No stream yet: the position stands for its start, not for an id that was lost (which would mean a reset).
    const fresh = await a.position('pos-new');
    expect(await b.position('pos-new')).toBe(fresh);
    expect((await b.subscribe('pos-new', () => {}, fresh)).missed).toEqual([]);
    await b.publish('pos-new', removed('1'));
    await a.publish('pos-new', removed('2'));
    expect(ids(await b.subscribe('pos-new', () => {}, fresh))).toEqual(['1', '2']);
    // A stream with events: its newest id.
    const mid = await b.position('pos-new');
    expect((await a.subscribe('pos-new', () => {}, mid)).missed).toEqual([]);
    await a.publish('pos-new', removed('3'));
    expect(ids(await b.subscribe('pos-new', () => {}, mid))).toEqual(['3']);
    // More than the buffer after the position: it cannot be caught up.
    for (const id of ['4', '5', '6']) await a.publish('pos-new', removed(id));
    expect((await b.subscribe('pos-new', () => {}, mid)).missed).toBeNull();
    // An id from before the stream began (expired, or lost by Redis) still cannot be resumed.
    const old = await a.publish('pos-gone', removed('x'));
    await raw.del(`${prefix}live:pos-gone`, `${prefix}live-floor:pos-gone`);
    await new Promise((r) => setTimeout(r, 5)); // XADD ids are by the millisecond: the new stream's start is later.
    const restarted = await a.position('pos-gone');
    expect((await b.subscribe('pos-gone', () => {}, old.id)).missed).toBeNull();
    await b.publish('pos-gone', removed('y'));
    expect(ids(await a.subscribe('pos-gone', () => {}, restarted))).toEqual(['y']);
  });

  it('rejects a publish while Redis is unreachable, without throwing into the caller', async () => {
    const down = redisPool('redis://127.0.0.1:1');
    const bus = new RedisEventBus({ redis: down.connect('request'), subscriber: down.connect('subscriber'), prefix, subscribeTimeoutMs: 100 });
    await expect(bus.publish('s', removed('1'))).rejects.toThrow();
    const sub = await bus.subscribe('s', () => {}, '1-0');
    expect(sub.missed).toBeNull();
    sub.unsubscribe();
    await bus.close();
    await down.cleanup();
  });
});
