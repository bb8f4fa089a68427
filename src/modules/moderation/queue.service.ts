import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../errors.js';
import { presentItem, type ItemContext, type ModerationItem } from './moderation.presenter.js';
import { QueueRepository, type Queue, type QueueFilter, type QueueRow } from './queue.repository.js';

const encodeCursor = (r: QueueRow): string => Buffer.from(JSON.stringify([r.createdAt, r.id])).toString('base64url');

function decodeCursor(cursor: string): { createdAt: number; id: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'string') return { createdAt: v[0], id: v[1] };
  } catch {
    // fall through
  }
  throw new AppError('BAD_CURSOR', 'that cursor is not one this endpoint gave out');
}

/** The moderation queues: pages of comments in context, and live counts. */
export class QueueService {
  constructor(private readonly db: Db) {}

  async list(opts: QueueFilter & { queue: Queue; limit: number; cursor?: string }): Promise<{ items: ModerationItem[]; nextCursor: string | null }> {
    const after = opts.cursor ? decodeCursor(opts.cursor) : undefined;
    const rows = await new QueueRepository(this.db).list({ ...opts, ...(after ? { after } : {}) });
    const more = rows.length > opts.limit;
    const page = rows.slice(0, opts.limit);
    const last = page[page.length - 1];
    return { items: await this.present(page), nextCursor: more && last ? encodeCursor(last) : null };
  }

  counts(filter: QueueFilter): Promise<Record<Queue, number>> {
    return new QueueRepository(this.db).counts(filter);
  }

  /** One comment of the site, in context; 404 for an unknown id or another site's comment. */
  async get(siteId: string, id: string): Promise<ModerationItem> {
    const row = await new QueueRepository(this.db).findById(id);
    if (!row || row.siteId !== siteId) throw notFound('comment', id);
    return (await this.present([row]))[0]!;
  }

  async present(rows: QueueRow[]): Promise<ModerationItem[]> {
    const repo = new QueueRepository(this.db);
    const parentIds = [...new Set(rows.map((r) => r.parentId).filter((p): p is string => p !== null))];
    const [parents, reports] = await Promise.all([repo.parents(parentIds), repo.openReports(rows.map((r) => r.id))]);
    const ctx: ItemContext = { parents: new Map(parents.map((p) => [p.id, p])), reports: new Map() };
    for (const r of reports) {
      const list = ctx.reports.get(r.comment_id) ?? [];
      list.push(r);
      ctx.reports.set(r.comment_id, list);
    }
    return rows.map((r) => presentItem(r, ctx));
  }
}
