import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import type { Db, Dialect } from '../db/database.js';
import type { Clock, IdGenerator } from '../lib/ids.js';
import { JobRepository } from './job.repository.js';
import type { JobRow } from './job.table.js';
import type { EnqueueOptions, JobHandlers, JobQueue } from './queue.js';

export interface StoreJobQueueOptions {
  db: Db;
  dialect: Dialect;
  clock: Clock;
  ids: IdGenerator;
  /** Jobs worked at once by this instance. */
  concurrency?: number;
  /** How long a claimed job is ours; a worker that dies lets it go after this. */
  leaseMs?: number;
  /** Longest idle sleep between looks at the table (other processes enqueue without waking us). */
  pollMs?: number;
  /** Retry n waits min(maxMs, baseMs · 2^(n-1)), plus up to `jitter` of that at random. */
  backoff?: { baseMs: number; maxMs: number; jitter: number };
  random?: () => number;
  /** Failures of the queue itself (store unreachable); job failures are events. */
  onError?: (err: unknown) => void;
}

/** Events: 'completed' (job), 'retry' (job, error, runAt), 'failed' (job, error). Tests wait on them. */
export type QueueEvents = EventEmitter;

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err)).slice(0, 2000);

/**
 * The durable queue: jobs live in the `jobs` table, so they survive a restart; a worker takes one under a lease
 * (see JobRepository.claim), so two workers, in one process or many, never run the same job.
 */
export class StoreJobQueue implements JobQueue {
  readonly events: QueueEvents = new EventEmitter();
  private readonly repo: JobRepository;
  private readonly worker = `w-${randomBytes(6).toString('hex')}`;
  private handlers: JobHandlers = {};
  private running = false;
  private loops: Promise<void>[] = [];
  private wakers = new Set<() => void>();

  constructor(private readonly opts: StoreJobQueueOptions) {
    this.repo = new JobRepository(opts.db, opts.dialect);
  }

  async enqueue(type: string, payload: unknown, opts: EnqueueOptions = {}): Promise<string> {
    if (opts.dedupeKey) {
      const pending = await this.repo.findPendingByDedupeKey(opts.dedupeKey);
      if (pending) return pending.id;
    }
    const now = this.opts.clock();
    const id = this.opts.ids();
    await this.repo.insert({
      id,
      type,
      payload: JSON.stringify(payload ?? null),
      status: 'pending',
      attempts: 0,
      max_attempts: opts.maxAttempts ?? 8,
      run_at: opts.runAt ?? now,
      locked_by: null,
      locked_until: null,
      last_error: null,
      dedupe_key: opts.dedupeKey ?? null,
      created_at: now,
      updated_at: now,
    });
    this.wake();
    return id;
  }

  start(handlers: JobHandlers): void {
    if (this.running) throw new Error('job queue already started');
    this.handlers = handlers;
    this.running = true;
    const n = this.opts.concurrency ?? 2;
    this.loops = Array.from({ length: n }, () => this.loop());
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await Promise.all(this.loops);
    this.loops = [];
  }

  /** Look at the table now (tests that move a manual clock call this; enqueue does it itself). */
  wake(): void {
    for (const w of [...this.wakers]) w();
  }

  private async loop(): Promise<void> {
    const types = Object.keys(this.handlers);
    while (this.running) {
      let job: JobRow | undefined;
      try {
        job = await this.repo.claim({ worker: this.worker, now: this.opts.clock(), leaseMs: this.opts.leaseMs ?? 5 * 60_000, types });
      } catch (err) {
        this.opts.onError?.(err);
      }
      if (job) {
        await this.execute(job);
        continue;
      }
      let wait = this.opts.pollMs ?? 5000;
      try {
        const next = await this.repo.nextRunAt(types);
        if (next !== null) wait = Math.max(0, Math.min(wait, next - this.opts.clock()));
      } catch (err) {
        this.opts.onError?.(err);
      }
      if (this.running) await this.sleep(wait);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(ms, 1));
      this.wakers.add(done);
    });
  }

  private async execute(job: JobRow): Promise<void> {
    const handler = this.handlers[job.type];
    try {
      if (!handler) throw new Error(`no handler for job type "${job.type}"`);
      if (job.attempts > job.max_attempts) throw new Error('lease expired too many times');
      await handler(JSON.parse(job.payload) as unknown, { id: job.id, type: job.type, attempt: job.attempts, maxAttempts: job.max_attempts });
    } catch (err) {
      await this.failed(job, err);
      return;
    }
    try {
      await this.repo.complete(job.id, this.worker);
      this.events.emit('completed', job);
    } catch (err) {
      this.opts.onError?.(err);
    }
  }

  private async failed(job: JobRow, err: unknown): Promise<void> {
    const now = this.opts.clock();
    try {
      if (job.attempts >= job.max_attempts) {
        await this.repo.fail(job.id, this.worker, { error: errorText(err), now });
        this.events.emit('failed', job, err);
        return;
      }
      const { baseMs, maxMs, jitter } = this.opts.backoff ?? { baseMs: 30_000, maxMs: 6 * 3600_000, jitter: 0.1 };
      const delay = Math.min(maxMs, baseMs * 2 ** (job.attempts - 1));
      const runAt = now + Math.round(delay * (1 + jitter * (this.opts.random ?? Math.random)()));
      await this.repo.reschedule(job.id, this.worker, { runAt, error: errorText(err), now });
      this.events.emit('retry', job, err, runAt);
    } catch (storeErr) {
      // The lease runs out and another run retries the job.
      this.opts.onError?.(storeErr);
    }
  }
}
