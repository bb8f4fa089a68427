import type { Db } from '../../db/database.js';
import type { AuthorHistory } from '../../moderation/pipeline/phases/index.js';

const TEN_MINUTES = 10 * 60_000;

/** What the moderation pipeline needs to know of an author's recent activity on a site: two indexed queries. */
export class AuthorHistoryRepository {
  constructor(private readonly db: Db) {}

  async load(opts: { siteId: string; name: string; emailKey: string; now: number; duplicateWindowMs: number }): Promise<AuthorHistory> {
    const author = await this.db
      .selectFrom('authors')
      .select('id')
      .where('site_id', '=', opts.siteId)
      .where('name', '=', opts.name)
      .where('email_key', '=', opts.emailKey)
      .executeTakeFirst();
    if (!author) return { recentBodies: [], last10Minutes: 0, approvedCount: 0 };
    const since = opts.now - Math.max(TEN_MINUTES, opts.duplicateWindowMs);
    const recent = await this.db
      .selectFrom('comments')
      .select(['body', 'created_at'])
      .where('author_id', '=', author.id)
      .where('created_at', '>=', since)
      .orderBy('created_at', 'desc')
      .limit(100)
      .execute();
    const approved = await this.db
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('author_id', '=', author.id)
      .where('status', '=', 'approved')
      .executeTakeFirstOrThrow();
    return {
      recentBodies: recent.filter((r) => r.created_at >= opts.now - opts.duplicateWindowMs).map((r) => r.body),
      last10Minutes: recent.filter((r) => r.created_at >= opts.now - TEN_MINUTES).length,
      approvedCount: Number(approved.n),
    };
  }
}
