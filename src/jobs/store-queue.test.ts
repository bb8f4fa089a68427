import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once, type EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { connect } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { timeOrderedIds } from '../lib/ids.js';
import { manualClock } from '../test-support/factories.js';
import { DIALECTS, postgresAvailable, storeSuite } from '../test-support/stores.js';
import { JobRepository } from './job.repository.js';
import { StoreJobQueue, type StoreJobQueueOptions } from './store-queue.js';

const pgUp = await postgresAvailable();

function waitForCount(events: EventEmitter, name: string, n: number): Promise<unknown[][]> {
  const seen: unknown[][] = [];
  return new Promise((resolve) => {
    const on = (...args: unknown[]) => {
      seen.push(args);
      if (seen.length >= n) {
        events.off(name, on);
        resolve(seen);
      }
    };
    events.on(name, on);
  });
}

describe('store queue durability across a restart (sqlite file)', () => {
  it('runs a job enqueued before the process stopped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agora-jobs-'));
    const file = join(dir, 'agora.db');
    try {
      const clock = manualClock(1_000_000);
      const first = connect({ dialect: 'sqlite', url: file });
      await migrateToLatest(first.db);
      const q1 = new StoreJobQueue({ db: first.db, dialect: 'sqlite', clock, ids: timeOrderedIds(clock) });
      await q1.enqueue('greet', { name: 'Ada' });
      await q1.stop();
      await first.close();

      const second = connect({ dialect: 'sqlite', url: file });
      const q2 = new StoreJobQueue({ db: second.db, dialect: 'sqlite', clock, ids: timeOrderedIds(clock) });
      const ran: unknown[] = [];
      const done = once(q2.events, 'completed');
      q2.start({ greet: async (payload) => void ran.push(payload) });
      await done;
      await q2.stop();
      expect(ran).toEqual([{ name: 'Ada' }]);
      expect(await new JobRepository(second.db, 'sqlite').list()).toEqual([]);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(DIALECTS)('store job queue on %s', (dialect) => {
  const suite = storeSuite(dialect, pgUp);
  const run = suite.run;
  const queue = (clock = manualClock(5_000_000), extra: Partial<StoreJobQueueOptions> = {}) =>
    new StoreJobQueue({ db: suite.store.db, dialect, clock, ids: timeOrderedIds(clock), backoff: { baseMs: 1000, maxMs: 60_000, jitter: 0 }, ...extra });

  run('a new queue instance runs what another enqueued (the state is in the store)', async () => {
    const clock = manualClock(5_000_000);
    await queue(clock).enqueue('durable', { n: 1 });
    const q = queue(clock);
    const done = once(q.events, 'completed');
    const seen: unknown[] = [];
    q.start({ durable: async (p) => void seen.push(p) });
    await done;
    await q.stop();
    expect(seen).toEqual([{ n: 1 }]);
  });

  run('retries with exponential backoff, then succeeds', async () => {
    const clock = manualClock(6_000_000);
    const q = queue(clock);
    const attempts: number[] = [];
    await q.enqueue('flaky', {});
    const retries = waitForCount(q.events, 'retry', 1);
    q.start({
      flaky: async (_p, ctx) => {
        attempts.push(ctx.attempt);
        if (ctx.attempt < 3) throw new Error(`boom ${ctx.attempt}`);
      },
    });
    const [[, err1, runAt1]] = (await retries) as [[unknown, Error, number]];
    expect(err1.message).toBe('boom 1');
    expect(runAt1).toBe(6_000_000 + 1000);
    const second = once(q.events, 'retry');
    clock.set(runAt1);
    q.wake();
    const [, , runAt2] = (await second) as [unknown, Error, number];
    expect(runAt2).toBe(runAt1 + 2000);
    const done = once(q.events, 'completed');
    clock.set(runAt2);
    q.wake();
    await done;
    await q.stop();
    expect(attempts).toEqual([1, 2, 3]);
  });

  run('gives up after maxAttempts and keeps the failed job with its error', async () => {
    const clock = manualClock(7_000_000);
    const q = queue(clock, { backoff: { baseMs: 0, maxMs: 0, jitter: 0 } });
    const id = await q.enqueue('doomed', {}, { maxAttempts: 2 });
    const failed = once(q.events, 'failed');
    q.start({ doomed: async () => Promise.reject(new Error('no')) });
    await failed;
    await q.stop();
    const row = await new JobRepository(suite.store.db, dialect).findById(id);
    expect(row).toMatchObject({ status: 'failed', attempts: 2, last_error: 'no' });
  });

  run('two workers never run the same job', async () => {
    const clock = manualClock(8_000_000);
    const a = queue(clock, { concurrency: 4 });
    const b = queue(clock, { concurrency: 4 });
    const runs = new Map<number, number>();
    const handler = async (p: unknown) => {
      const n = (p as { n: number }).n;
      runs.set(n, (runs.get(n) ?? 0) + 1);
      await new Promise((r) => setImmediate(r));
    };
    for (let n = 0; n < 60; n++) await a.enqueue('race', { n });
    const doneA = new Promise<void>((resolve) => {
      let total = 0;
      const on = () => {
        if (++total === 60) resolve();
      };
      a.events.on('completed', on);
      b.events.on('completed', on);
    });
    a.start({ race: handler });
    b.start({ race: handler });
    await doneA;
    await Promise.all([a.stop(), b.stop()]);
    expect(runs.size).toBe(60);
    expect([...runs.values()].every((c) => c === 1)).toBe(true);
  });

  run('takes over a job whose worker died once its lease expires', async () => {
    const clock = manualClock(9_000_000);
    const repo = new JobRepository(suite.store.db, dialect);
    const q = queue(clock, { leaseMs: 10_000 });
    const id = await q.enqueue('orphaned', { x: 1 });
    // A worker that claimed the job and then vanished.
    const claimed = await repo.claim({ worker: 'dead', now: clock(), leaseMs: 10_000, types: ['orphaned'] });
    expect(claimed?.id).toBe(id);
    expect(await repo.claim({ worker: 'other', now: clock() + 1, leaseMs: 10_000, types: ['orphaned'] })).toBeUndefined();
    clock.advance(10_001);
    const done = once(q.events, 'completed');
    const attempts: number[] = [];
    q.start({ orphaned: async (_p, ctx) => void attempts.push(ctx.attempt) });
    await done;
    await q.stop();
    expect(attempts).toEqual([2]);
  });

  run('dedupes pending jobs by key', async () => {
    const q = queue(manualClock(10_000_000));
    const a = await q.enqueue('digest', { site: 's' }, { dedupeKey: 'digest:s', runAt: 10_060_000 });
    const b = await q.enqueue('digest', { site: 's' }, { dedupeKey: 'digest:s', runAt: 10_060_000 });
    expect(b).toBe(a);
  });
});
