import type { Selectable } from 'kysely';

export type JobStatus = 'pending' | 'running' | 'failed';

/** A durable job. Done jobs are deleted; failed ones stay for inspection. */
export interface JobTable {
  id: string;
  type: string;
  /** JSON. */
  payload: string;
  status: JobStatus;
  /** Runs started so far, counted when a worker claims the job. */
  attempts: number;
  max_attempts: number;
  /** Not before this (epoch ms): the backoff of a retry, or a digest's time. */
  run_at: number;
  /** The worker holding the lease while running. */
  locked_by: string | null;
  /** A running job whose lease ended (its worker died) is claimed again. */
  locked_until: number | null;
  last_error: string | null;
  /** At most one pending job per key (e.g. one moderator digest per site). */
  dedupe_key: string | null;
  created_at: number;
  updated_at: number;
}
export type JobRow = Selectable<JobTable>;
