import { sql } from 'kysely';
import type { Db, Dialect } from '../../db/database.js';
import type { CommentStatus } from '../comments/comment.table.js';
import { toxicityExpr } from './search.repository.js';

// Hours are grouped by a literal divisor: a bound parameter would make SELECT and GROUP BY differ on PostgreSQL.
/** Aggregates for the dashboard; every query is bounded by site and a time window. */
export class StatsRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  async perHour(siteId: string, since: number): Promise<Array<{ hour: number; n: number }>> {
    const rows = await this.db
      .selectFrom('comments')
      .select([sql<number>`comments.created_at / 3600000`.as('hour'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('site_id', '=', siteId)
      .where('created_at', '>=', since)
      .groupBy(sql`comments.created_at / 3600000`)
      .execute();
    return rows.map((r) => ({ hour: Math.floor(Number(r.hour)), n: Number(r.n) }));
  }

  async byStatus(siteId: string, since: number): Promise<Record<CommentStatus, number>> {
    const rows = await this.db
      .selectFrom('comments')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('site_id', '=', siteId)
      .where('created_at', '>=', since)
      .groupBy('status')
      .execute();
    const out: Record<CommentStatus, number> = { approved: 0, pending: 0, rejected: 0, deleted: 0 };
    for (const r of rows) out[r.status] = Number(r.n);
    return out;
  }

  /** TOXICITY in ten buckets of 0.1 (a score of 1 counts in the last). */
  async histogram(siteId: string, since: number): Promise<number[]> {
    const tox = toxicityExpr(this.dialect);
    const bucket = this.dialect === 'postgres' ? sql<number>`least(9, floor(${tox} * 10))::int` : sql<number>`min(9, cast(${tox} * 10 as integer))`;
    const rows = await this.db
      .selectFrom('comments')
      .select([bucket.as('bucket'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('site_id', '=', siteId)
      .where('created_at', '>=', since)
      .where('scores', 'is not', null)
      .groupBy(bucket)
      .execute();
    const out = Array.from({ length: 10 }, () => 0);
    for (const r of rows) {
      const b = Number(r.bucket);
      if (b >= 0 && b <= 9) out[b] = (out[b] ?? 0) + Number(r.n);
    }
    return out;
  }

  async busiestStories(siteId: string, since: number, limit: number): Promise<Array<{ id: string; title: string; n: number }>> {
    const rows = await this.db
      .selectFrom('comments')
      .innerJoin('stories', 'stories.id', 'comments.story_id')
      .select(['stories.id', 'stories.title', (eb) => eb.fn.countAll<number>().as('n')])
      .where('comments.site_id', '=', siteId)
      .where('comments.created_at', '>=', since)
      .groupBy(['stories.id', 'stories.title'])
      .orderBy('n', 'desc')
      .orderBy('stories.id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: r.id, title: r.title, n: Number(r.n) }));
  }

  /** For each comment the pipeline held since `since`: how long until a person first decided on it. */
  async responseTimes(siteId: string, since: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('audit_log as p')
      .innerJoin('audit_log as d', (j) => j.onRef('d.comment_id', '=', 'p.comment_id').onRef('d.at', '>=', 'p.at'))
      .select(['p.id', 'p.at', (eb) => eb.fn.min('d.at').as('decided_at')])
      .where('p.site_id', '=', siteId)
      .where('p.action', '=', 'pipeline')
      .where('p.to_status', '=', 'pending')
      .where('p.at', '>=', since)
      .where('d.action', 'in', ['approve', 'reject'])
      .groupBy(['p.id', 'p.at'])
      .execute();
    return rows.map((r) => Number(r.decided_at) - Number(r.at));
  }
}
