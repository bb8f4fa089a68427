import type { Db } from '../db/database.js';
import type { Clock } from '../lib/ids.js';

/** Jobs by state, for /metrics. The same shape for both queues. */
export interface JobDepth {
  /** Due now, not yet taken. */
  waiting: number;
  /** Pending with a later time (a retry's backoff, a digest). */
  delayed: number;
  active: number;
  failed: number;
}

/** The store queue's depth: one grouped count over the `jobs` table (only statuses; the table stays small). */
export async function storeJobDepth(db: Db, clock: Clock): Promise<JobDepth> {
  const now = clock();
  const rows = await db
    .selectFrom('jobs')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n'), eb.fn.sum<number>(eb.case().when('run_at', '>', now).then(1).else(0).end()).as('later')])
    .groupBy('status')
    .execute();
  const depth: JobDepth = { waiting: 0, delayed: 0, active: 0, failed: 0 };
  for (const r of rows) {
    const n = Number(r.n);
    const later = Number(r.later ?? 0);
    if (r.status === 'pending') {
      depth.waiting += n - later;
      depth.delayed += later;
    } else if (r.status === 'running') depth.active += n;
    else if (r.status === 'failed') depth.failed += n;
  }
  return depth;
}
