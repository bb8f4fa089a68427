/** Options of one job. */
export interface EnqueueOptions {
  /** Not before this time (epoch ms); default now. */
  runAt?: number;
  /** Runs before the job is marked failed; default 8. */
  maxAttempts?: number;
  /** While a pending job with this key exists, enqueueing another with it does nothing. */
  dedupeKey?: string;
}

export interface JobContext {
  id: string;
  type: string;
  /** 1 for the first run. */
  attempt: number;
  maxAttempts: number;
}

/** Runs one job; throwing schedules a retry with exponential backoff, until maxAttempts. */
export type JobHandler = (payload: unknown, ctx: JobContext) => Promise<void>;
export type JobHandlers = Readonly<Record<string, JobHandler>>;

/**
 * Background work that must outlive the request and the process: emails, webhook deliveries. The store-backed
 * queue (store-queue.ts) is the default; a Redis-backed one (BullMQ) can replace it behind this interface.
 */
export interface JobQueue {
  /** Stores the job; returns its id, or the pending job's id when dedupeKey matched one. */
  enqueue(type: string, payload: unknown, opts?: EnqueueOptions): Promise<string>;
  /** Starts working jobs of these types in the background. */
  start(handlers: JobHandlers): void;
  /** Stops claiming jobs and waits for the running ones to end. */
  stop(): Promise<void>;
}
