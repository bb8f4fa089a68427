import { EventEmitter } from 'node:events';
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Clock } from '../lib/ids.js';
import type { JobDepth } from './job-stats.repository.js';
import type { EnqueueOptions, JobHandlers, JobQueue } from './queue.js';

export interface BullMqJobQueueOptions {
  /** Connections are made on demand through src/lib/redis.ts: a `request` one for enqueueing, a `bullmq` one for the worker. */
  connect(role: 'request' | 'bullmq'): Redis;
  /** BullMQ's key prefix (several installs, or test files, share one Redis). */
  prefix?: string;
  queueName?: string;
  clock?: Clock;
  /** Jobs worked at once by this instance. */
  concurrency?: number;
  /** How long a job is ours without renewing its lock; a worker that dies lets it go after this. */
  lockMs?: number;
  /** Retry n waits min(maxMs, baseMs · 2^(n-1)), plus up to `jitter` of that at random (as the store queue). */
  backoff?: { baseMs: number; maxMs: number; jitter: number };
  random?: () => number;
  onError?: (err: unknown) => void;
}

/**
 * The job queue of many instances: BullMQ in Redis. A job is taken by exactly one worker under a lock that the
 * worker renews; a worker that dies loses its lock and the job is run again (handlers are idempotent, as with
 * the store queue). Events: 'completed' (ctx), 'retry' (ctx, error), 'failed' (ctx, error).
 */
export class BullMqJobQueue implements JobQueue {
  readonly events = new EventEmitter();
  private readonly queueName: string;
  private readonly prefix: string;
  private readonly clock: Clock;
  private queueConnection: Redis | undefined;
  private queue: Queue | undefined;
  private worker: Worker | undefined;
  private workerConnection: Redis | undefined;

  constructor(private readonly opts: BullMqJobQueueOptions) {
    this.queueName = opts.queueName ?? 'jobs';
    this.prefix = opts.prefix ?? 'agora:bull';
    this.clock = opts.clock ?? Date.now;
  }

  private producer(): Queue {
    if (!this.queue) {
      this.queueConnection = this.opts.connect('request');
      this.queue = new Queue(this.queueName, { connection: this.queueConnection, prefix: this.prefix });
      this.queue.on('error', (err) => this.opts.onError?.(err));
    }
    return this.queue;
  }

  async enqueue(type: string, payload: unknown, opts: EnqueueOptions = {}): Promise<string> {
    const job = await this.producer().add(type, payload ?? null, {
      delay: Math.max(0, (opts.runAt ?? 0) - this.clock()),
      attempts: opts.maxAttempts ?? 8,
      backoff: { type: 'agora' },
      ...(opts.dedupeKey ? { deduplication: { id: opts.dedupeKey } } : {}),
      // Done jobs go, as in the store queue; failed ones stay a week for inspection.
      removeOnComplete: { age: 3600, count: 1000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
    if (!job.id) throw new Error('BullMQ returned a job without an id');
    return job.id;
  }

  start(handlers: JobHandlers): void {
    if (this.worker) throw new Error('job queue already started');
    const { baseMs, maxMs, jitter } = this.opts.backoff ?? { baseMs: 30_000, maxMs: 6 * 3600_000, jitter: 0.1 };
    const random = this.opts.random ?? Math.random;
    this.workerConnection = this.opts.connect('bullmq');
    this.worker = new Worker(
      this.queueName,
      async (job: Job) => {
        const handler = handlers[job.name];
        if (!handler) throw new Error(`no handler for job type "${job.name}"`);
        await handler(job.data, { id: job.id ?? '', type: job.name, attempt: job.attemptsMade + 1, maxAttempts: job.opts.attempts ?? 1 });
      },
      {
        connection: this.workerConnection,
        prefix: this.prefix,
        concurrency: this.opts.concurrency ?? 2,
        lockDuration: this.opts.lockMs ?? 30_000,
        settings: {
          backoffStrategy: (attemptsMade: number) => Math.round(Math.min(maxMs, baseMs * 2 ** (attemptsMade - 1)) * (1 + jitter * random())),
        },
      },
    );
    const ctx = (job: Job) => ({ id: job.id ?? '', type: job.name, attempt: job.attemptsMade, maxAttempts: job.opts.attempts ?? 1 });
    this.worker.on('completed', (job) => this.events.emit('completed', ctx(job)));
    this.worker.on('failed', (job, err) => {
      if (!job) return;
      const final = job.attemptsMade >= (job.opts.attempts ?? 1);
      this.events.emit(final ? 'failed' : 'retry', ctx(job), err);
    });
    this.worker.on('error', (err) => this.opts.onError?.(err));
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    // Waits for the jobs in hand; new ones are left for the other workers.
    if (worker) await worker.close();
    if (this.workerConnection) this.workerConnection.disconnect();
    this.workerConnection = undefined;
  }

  /** For /metrics. */
  async depth(): Promise<JobDepth> {
    const c = await this.producer().getJobCounts('waiting', 'delayed', 'active', 'failed', 'prioritized');
    return { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), delayed: c.delayed ?? 0, active: c.active ?? 0, failed: c.failed ?? 0 };
  }

  /** Stops the worker and lets go of Redis. */
  async close(): Promise<void> {
    await this.stop();
    const queue = this.queue;
    this.queue = undefined;
    if (queue) await queue.close().catch(() => {});
    this.queueConnection?.disconnect();
    this.queueConnection = undefined;
  }
}
