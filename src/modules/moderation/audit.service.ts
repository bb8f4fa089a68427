import type { Db } from '../../db/database.js';
import { AppError } from '../../errors.js';
import type { Clock, IdGenerator } from '../../lib/ids.js';
import type { CommentEvent } from '../comments/comment.service.js';
import { AuditRepository, type AuditFilter } from './audit.repository.js';
import type { AuditAction, AuditLogRow } from './moderation.table.js';

export const PIPELINE_ACTOR = 'pipeline';

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  siteId: string;
  action: AuditAction;
  commentId: string | null;
  targetUserId: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  reason: string | null;
  details: Record<string, unknown>;
  undone: boolean;
}

export interface NewAuditEntry {
  actor: string;
  siteId: string;
  action: AuditAction;
  commentId?: string | null;
  targetUserId?: string | null;
  fromStatus?: string | null;
  toStatus?: string | null;
  reason?: string | null;
  details?: Record<string, unknown>;
}

function parseDetails(json: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function presentAudit(r: AuditLogRow): AuditEntry {
  return {
    id: r.id,
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    siteId: r.site_id,
    action: r.action,
    commentId: r.comment_id,
    targetUserId: r.target_user_id,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    reason: r.reason,
    details: parseDetails(r.details),
    undone: r.undone_by !== null,
  };
}

const CSV_COLUMNS = ['id', 'at', 'actor', 'siteId', 'action', 'commentId', 'targetUserId', 'fromStatus', 'toStatus', 'reason', 'details', 'undone'] as const;

/** RFC 4180 quoting; a leading = + - @ is prefixed with ' so a spreadsheet never runs a reason as a formula. */
function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function auditCsv(entries: AuditEntry[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const e of entries) lines.push(CSV_COLUMNS.map((c) => csvCell(e[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** The audit log: every moderator decision and every pipeline decision, in the store beside the comments. */
export class AuditService {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly deps: { db: Db; clock: Clock; ids: IdGenerator; onError?: (err: unknown) => void }) {}

  /** Records an entry; pass the transaction so the entry commits or rolls back with the change it describes. */
  async record(entry: NewAuditEntry, trx: Db = this.deps.db): Promise<string> {
    const id = this.deps.ids();
    await new AuditRepository(trx).insert({
      id,
      at: this.deps.clock(),
      actor: entry.actor,
      site_id: entry.siteId,
      action: entry.action,
      comment_id: entry.commentId ?? null,
      target_user_id: entry.targetUserId ?? null,
      from_status: entry.fromStatus ?? null,
      to_status: entry.toStatus ?? null,
      reason: entry.reason ?? null,
      details: JSON.stringify(entry.details ?? {}),
      undone_by: null,
    });
    return id;
  }

  /** A commentEvents listener: the pipeline's decision on each new or edited comment. */
  readonly onCommentEvent = (event: CommentEvent): void => {
    if (event.type !== 'comment.created' && event.type !== 'comment.edited') return;
    const c = event.comment;
    let reasons: unknown = [];
    try {
      reasons = JSON.parse(c.reasons);
    } catch {
      // Unreadable reasons are still worth a log entry with the status.
    }
    const p = this.record({
      actor: PIPELINE_ACTOR,
      siteId: c.site_id,
      action: 'pipeline',
      commentId: c.id,
      fromStatus: event.previousStatus ?? null,
      toStatus: c.status,
      reason: Array.isArray(reasons) ? reasons.map((r: { reason?: unknown }) => String(r.reason ?? '')).join('; ') || null : null,
      details: { event: event.type, reasons },
    })
      .then(() => undefined)
      .catch((err: unknown) => this.deps.onError?.(err))
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  };

  /** Resolves once every pipeline entry recorded so far is stored (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  async list(filter: AuditFilter, page: { limit: number; cursor?: string }): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
    const after = page.cursor ? decodeCursor(page.cursor) : undefined;
    const rows = await new AuditRepository(this.deps.db).list(filter, { limit: page.limit + 1, ...(after ? { after } : {}) });
    const more = rows.length > page.limit;
    const pageRows = rows.slice(0, page.limit);
    const last = pageRows[pageRows.length - 1];
    return { entries: pageRows.map(presentAudit), nextCursor: more && last ? encodeCursor(last) : null };
  }

  /** Every entry matching the filter, newest first, read page by page (exports). */
  async *all(filter: AuditFilter): AsyncGenerator<AuditEntry> {
    const repo = new AuditRepository(this.deps.db);
    let after: { at: number; id: string } | undefined;
    for (;;) {
      const rows = await repo.list(filter, { limit: 500, ...(after ? { after } : {}) });
      for (const r of rows) yield presentAudit(r);
      const last = rows[rows.length - 1];
      if (rows.length < 500 || !last) return;
      after = { at: last.at, id: last.id };
    }
  }
}

const encodeCursor = (r: AuditLogRow): string => Buffer.from(JSON.stringify([r.at, r.id])).toString('base64url');

function decodeCursor(cursor: string): { at: number; id: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'string') return { at: v[0], id: v[1] };
  } catch {
    // fall through
  }
  throw new AppError('BAD_CURSOR', 'that cursor is not one this endpoint gave out');
}
