import type { Db } from '../../db/database.js';
import type { AuditAction, AuditLogRow, NewAuditLogRow } from './moderation.table.js';

export interface AuditFilter {
  siteId: string;
  actor?: string;
  action?: AuditAction;
  commentId?: string;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
}

/** Newest first; the cursor is the (at, id) of the last entry of the previous page. */
export interface AuditPage {
  after?: { at: number; id: string };
  limit: number;
}

const toRow = (r: AuditLogRow): AuditLogRow => ({ ...r, at: Number(r.at) });

export class AuditRepository {
  constructor(private readonly db: Db) {}

  async insert(row: NewAuditLogRow): Promise<void> {
    await this.db.insertInto('audit_log').values(row).execute();
  }

  async list(filter: AuditFilter, page: AuditPage): Promise<AuditLogRow[]> {
    let q = this.db.selectFrom('audit_log').selectAll().where('site_id', '=', filter.siteId);
    if (filter.actor) q = q.where('actor', '=', filter.actor);
    if (filter.action) q = q.where('action', '=', filter.action);
    if (filter.commentId) q = q.where('comment_id', '=', filter.commentId);
    if (filter.from !== undefined) q = q.where('at', '>=', filter.from);
    if (filter.to !== undefined) q = q.where('at', '<', filter.to);
    const after = page.after;
    if (after) q = q.where((eb) => eb(eb.refTuple('at', 'id'), '<', eb.tuple(after.at, after.id)));
    const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
    return rows.map(toRow);
  }

  /** The latest status decision a person made on the comment that nothing has undone yet. */
  async lastUndoable(commentId: string): Promise<AuditLogRow | undefined> {
    const row = await this.db
      .selectFrom('audit_log')
      .selectAll()
      .where('comment_id', '=', commentId)
      .where('action', 'in', ['approve', 'reject', 'feature', 'unfeature', 'pin', 'unpin'])
      .where('undone_by', 'is', null)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && toRow(row);
  }

  async markUndone(id: string, by: string): Promise<void> {
    await this.db.updateTable('audit_log').set({ undone_by: by }).where('id', '=', id).execute();
  }
}
