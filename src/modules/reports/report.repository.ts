import type { Db } from '../../db/database.js';
import type { ReportRow } from './report.table.js';

export class ReportRepository {
  constructor(private readonly db: Db) {}

  /** False when this reporter had reported the comment already. */
  async insert(row: ReportRow): Promise<boolean> {
    const r = await this.db
      .insertInto('reports')
      .values(row)
      .onConflict((oc) => oc.columns(['comment_id', 'reporter_key']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  listOpen(siteId: string, limit: number): Promise<ReportRow[]> {
    return this.db
      .selectFrom('reports')
      .selectAll()
      .where('site_id', '=', siteId)
      .where('resolved_at', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .execute();
  }
}
