import { afterAll, describe, expect, it } from 'vitest';
import { redisAvailable, redisPool, testPrefix } from '../test-support/redis.js';
import { BullMqJobQueue } from './bullmq-queue.js';
import type { JobContext } from './queue.js';

const up = await redisAvailable();

function waitFor<T>(emitter: NodeJS.EventEmitter, event: string, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${event}" within ${ms} ms`)), ms);
    emitter.once(event, (v: T) => {
      clearTimeout(timer);
      resolve(v);
    });
  });
}

describe.skipIf(!up)('BullMqJobQueue', () => {
  const prefix = testPrefix('bull');
  const pool = redisPool();
  const queues: BullMqJobQueue[] = [];
  const make = (extra: Partial<ConstructorParameters<typeof BullMqJobQueue>[0]> = {}) => {
    const q = new BullMqJobQueue({ connect: (role) => pool.connect(role), prefix: `${prefix}bull`, backoff: { baseMs: 10, maxMs: 10, jitter: 0 }, ...extra });
    queues.push(q);
    return q;
  };
  afterAll(async () => {
    await Promise.all(queues.map((q) => q.close()));
    await pool.cleanup(prefix);
  });

  it('runs each job once with two workers competing', async () => {
    const runs = new Map<string, number>();
    const handlers = {
      count: async (payload: unknown) => {
        const n = (payload as { n: number }).n;
        runs.set(String(n), (runs.get(String(n)) ?? 0) + 1);
      },
    };
    const producer = make({ queueName: 'once' });
    const w1 = make({ queueName: 'once', concurrency: 4 });
    const w2 = make({ queueName: 'once', concurrency: 4 });
    let completed = 0;
    const allDone = new Promise<void>((resolve) => {
      for (const w of [w1, w2]) w.events.on('completed', () => ++completed === 40 && resolve());
    });
    for (let n = 0; n < 40; n++) await producer.enqueue('count', { n });
    w1.start(handlers);
    w2.start(handlers);
    await Promise.race([allDone, new Promise((_, reject) => setTimeout(() => reject(new Error(`${completed} of 40 done`)), 10_000))]);
    expect(runs.size).toBe(40);
    expect([...runs.values()].every((v) => v === 1)).toBe(true);
    expect(await producer.depth()).toMatchObject({ waiting: 0, active: 0 });
  });

  it('retries a failing job with its attempt number, then fails it', async () => {
    const q = make({ queueName: 'retry' });
    const attempts: JobContext[] = [];
    q.start({
      flaky: async (_p, ctx) => {
        attempts.push(ctx);
        throw new Error('down');
      },
    });
    const failed = waitFor<JobContext>(q.events, 'failed');
    await q.enqueue('flaky', {}, { maxAttempts: 3 });
    await failed;
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    expect(attempts[0]?.maxAttempts).toBe(3);
  });

  it('dedupes while a job with the same key is waiting, and honours runAt', async () => {
    const q = make({ queueName: 'dedupe' });
    const id1 = await q.enqueue('digest', { site: 'a' }, { dedupeKey: 'digest:a', runAt: Date.now() + 60_000 });
    const id2 = await q.enqueue('digest', { site: 'a' }, { dedupeKey: 'digest:a', runAt: Date.now() + 60_000 });
    expect(id2).toBe(id1);
    expect((await q.depth()).delayed).toBe(1);
  });
});
