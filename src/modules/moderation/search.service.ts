import type { Db, Dialect } from '../../db/database.js';
import { AppError } from '../../errors.js';
import type { ModerationItem } from './moderation.presenter.js';
import { QueueRepository } from './queue.repository.js';
import type { QueueService } from './queue.service.js';
import { SearchRepository, type SearchQuery } from './search.repository.js';

const encode = (r: { created_at: number; id: string }): string => Buffer.from(JSON.stringify([r.created_at, r.id])).toString('base64url');

function decode(cursor: string): { createdAt: number; id: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'string') return { createdAt: v[0], id: v[1] };
  } catch {
    // fall through
  }
  throw new AppError('BAD_CURSOR', 'that cursor is not one this endpoint gave out');
}

export class SearchService {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
    private readonly queue: QueueService,
  ) {}

  async search(q: Omit<SearchQuery, 'after'> & { cursor?: string }): Promise<{ items: ModerationItem[]; nextCursor: string | null }> {
    if (q.minScore !== undefined && q.maxScore !== undefined && q.minScore > q.maxScore) {
      throw new AppError('VALIDATION', 'minScore is greater than maxScore');
    }
    const { cursor, ...rest } = q;
    const hits = await new SearchRepository(this.db, this.dialect).search({ ...rest, limit: q.limit + 1, ...(cursor ? { after: decode(cursor) } : {}) });
    const page = hits.slice(0, q.limit);
    const rows = await new QueueRepository(this.db).findByIds(page.map((h) => h.id));
    const byId = new Map(rows.map((r) => [r.id, r]));
    const ordered = page.map((h) => byId.get(h.id)).filter((r) => r !== undefined);
    const last = page[page.length - 1];
    return { items: await this.queue.present(ordered), nextCursor: hits.length > q.limit && last ? encode(last) : null };
  }
}
