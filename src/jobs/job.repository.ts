import type { ExpressionBuilder } from 'kysely';
import type { Database, Db, Dialect } from '../db/database.js';
import type { JobRow } from './job.table.js';

/** Due: pending and its time has come, or running with an expired lease (its worker died). */
function dueFilter(now: number) {
  return (eb: ExpressionBuilder<Database, 'jobs'>) =>
    eb.or([
      eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now)]),
      eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now)]),
    ]);
}

/** The id of the job a worker should take next: due, of a type it handles, oldest first. */
function nextDue(db: Db, opts: { now: number; types: readonly string[] }) {
  return db.selectFrom('jobs').select('id').where(dueFilter(opts.now)).where('type', 'in', opts.types).orderBy('run_at').orderBy('id').limit(1);
}

export class JobRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  async insert(row: JobRow): Promise<void> {
    await this.db.insertInto('jobs').values(row).execute();
  }

  findPendingByDedupeKey(key: string): Promise<Pick<JobRow, 'id'> | undefined> {
    return this.db.selectFrom('jobs').select('id').where('dedupe_key', '=', key).where('status', '=', 'pending').executeTakeFirst();
  }

  findById(id: string): Promise<JobRow | undefined> {
    return this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * Takes the earliest due job under a lease, so no two workers run it. PostgreSQL: one UPDATE over a
   * `FOR UPDATE SKIP LOCKED` subselect, so concurrent workers skip each other's rows instead of waiting.
   * SQLite has one writer at a time: a transaction that reads the candidate and takes it only if it is still due.
   */
  async claim(opts: { worker: string; now: number; leaseMs: number; types: readonly string[] }): Promise<JobRow | undefined> {
    if (opts.types.length === 0) return undefined;
    const set = { status: 'running' as const, locked_by: opts.worker, locked_until: opts.now + opts.leaseMs, updated_at: opts.now };
    if (this.dialect === 'postgres') {
      return this.db
        .updateTable('jobs')
        .set((eb) => ({ ...set, attempts: eb('attempts', '+', 1) }))
        .where('id', '=', nextDue(this.db, opts).forUpdate().skipLocked())
        .returningAll()
        .executeTakeFirst();
    }
    return this.db.transaction().execute(async (trx) => {
      const candidate = await nextDue(trx, opts).executeTakeFirst();
      if (!candidate) return undefined;
      return trx
        .updateTable('jobs')
        .set((eb) => ({ ...set, attempts: eb('attempts', '+', 1) }))
        .where('id', '=', candidate.id)
        .where(dueFilter(opts.now))
        .returningAll()
        .executeTakeFirst();
    });
  }

  /** Done: the row goes (the worker must still hold the lease). */
  async complete(id: string, worker: string): Promise<void> {
    await this.db.deleteFrom('jobs').where('id', '=', id).where('locked_by', '=', worker).execute();
  }

  async reschedule(id: string, worker: string, patch: { runAt: number; error: string; now: number }): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ status: 'pending', run_at: patch.runAt, last_error: patch.error, locked_by: null, locked_until: null, updated_at: patch.now })
      .where('id', '=', id)
      .where('locked_by', '=', worker)
      .execute();
  }

  async fail(id: string, worker: string, patch: { error: string; now: number }): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ status: 'failed', last_error: patch.error, locked_by: null, locked_until: null, updated_at: patch.now })
      .where('id', '=', id)
      .where('locked_by', '=', worker)
      .execute();
  }

  /** When the next pending job is due, so an idle worker sleeps just long enough. */
  async nextRunAt(types: readonly string[]): Promise<number | null> {
    if (types.length === 0) return null;
    const r = await this.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.min('run_at').as('next'))
      .where('status', '=', 'pending')
      .where('type', 'in', types)
      .executeTakeFirst();
    return r?.next == null ? null : Number(r.next);
  }

  list(): Promise<JobRow[]> {
    return this.db.selectFrom('jobs').selectAll().orderBy('created_at').orderBy('id').execute();
  }
}
