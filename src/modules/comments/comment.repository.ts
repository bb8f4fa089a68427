import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { Database, Db } from '../../db/database.js';
import type { CommentRevisionRow, CommentRow, CommentUpdate, NewCommentRow } from './comment.table.js';

export const THREAD_SORTS = ['newest', 'oldest', 'replies', 'best'] as const;
export type ThreadSort = (typeof THREAD_SORTS)[number];

/**
 * A comment row with its author's public name. Rows read from the database also carry the author's staff badge
 * on the comment's site (site_members.badge, through authors.user_id) and the moderation flags (0/1); rows built
 * in memory right after an insert may lack them.
 */
export type CommentWithAuthor = CommentRow & { author_name: string; author_badge?: string | null; featured?: number; pinned?: number };

/** The sort key values of the last comment on a page; the next page starts after it. */
export type SortKey = Array<number | string>;

type SortColumn = 'created_at' | 'reply_count' | 'best_score' | 'id';
const SORT_COLUMNS: Record<ThreadSort, { columns: SortColumn[]; direction: 'asc' | 'desc' }> = {
  newest: { columns: ['created_at', 'id'], direction: 'desc' },
  oldest: { columns: ['created_at', 'id'], direction: 'asc' },
  replies: { columns: ['reply_count', 'created_at', 'id'], direction: 'desc' },
  best: { columns: ['best_score', 'created_at', 'id'], direction: 'desc' },
};

export function sortKeyOf(row: CommentRow, sort: ThreadSort): SortKey {
  return SORT_COLUMNS[sort].columns.map((c) => row[c]);
}

/** Published comments, and deleted ones kept as tombstones because replies hang below them. */
function visible(eb: ExpressionBuilder<Database, 'comments'>) {
  return eb.or([
    eb('comments.status', '=', 'approved'),
    eb.and([eb('comments.status', '=', 'deleted'), eb('comments.reply_count', '>', 0)]),
  ]);
}

export class CommentRepository {
  constructor(private readonly db: Db) {}

  private withAuthor(): SelectQueryBuilder<Database, 'comments' | 'authors', CommentWithAuthor> {
    return this.db
      .selectFrom('comments')
      .innerJoin('authors', 'authors.id', 'comments.author_id')
      .leftJoin('site_members', (j) => j.onRef('site_members.site_id', '=', 'authors.site_id').onRef('site_members.user_id', '=', 'authors.user_id'))
      .selectAll('comments')
      .select(['authors.name as author_name', 'site_members.badge as author_badge']);
  }

  findById(id: string): Promise<CommentRow | undefined> {
    return this.db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findWithAuthor(id: string): Promise<CommentWithAuthor | undefined> {
    return this.withAuthor().where('comments.id', '=', id).executeTakeFirst();
  }

  findByImportKey(siteId: string, importKey: string): Promise<CommentRow | undefined> {
    return this.db
      .selectFrom('comments')
      .selectAll()
      .where('site_id', '=', siteId)
      .where('import_key', '=', importKey)
      .executeTakeFirst();
  }

  async insert(row: NewCommentRow): Promise<void> {
    await this.db.insertInto('comments').values(row).execute();
  }

  async update(id: string, patch: CommentUpdate): Promise<void> {
    await this.db.updateTable('comments').set(patch).where('id', '=', id).execute();
  }

  async addToReplyCount(id: string, delta: number): Promise<number> {
    await this.db
      .updateTable('comments')
      .set((eb) => ({ reply_count: eb('reply_count', '+', delta) }))
      .where('id', '=', id)
      .execute();
    const r = await this.db.selectFrom('comments').select('reply_count').where('id', '=', id).executeTakeFirstOrThrow();
    return r.reply_count;
  }

  /**
   * One page of visible comments under `parentId` (null: top level) of a story: one indexed query.
   * Fetches limit + 1 rows so the caller knows whether another page exists.
   */
  listChildren(opts: {
    storyId: string;
    parentId: string | null;
    sort: ThreadSort;
    limit: number;
    after?: SortKey;
  }): Promise<CommentWithAuthor[]> {
    const { columns, direction } = SORT_COLUMNS[opts.sort];
    let q = this.withAuthor()
      .where('comments.story_id', '=', opts.storyId)
      .where((eb) => (opts.parentId === null ? eb('comments.parent_id', 'is', null) : eb('comments.parent_id', '=', opts.parentId)))
      .where(visible);
    const after = opts.after;
    if (after) {
      q = q.where((eb) =>
        eb(
          eb.refTuple(...(columns.map((c) => `comments.${c}` as const) as [`comments.${SortColumn}`, `comments.${SortColumn}`])),
          direction === 'desc' ? '<' : '>',
          eb.tuple(...(after as [number | string, number | string])),
        ),
      );
    }
    for (const c of columns) q = q.orderBy(`comments.${c}`, direction);
    return q.limit(opts.limit + 1).execute();
  }

  /**
   * The first `perParent` visible replies (oldest first, the order of a conversation) of each of many parents,
   * in one query with a window function, so a thread page costs a fixed number of queries.
   */
  async firstReplies(parentIds: string[], perParent: number): Promise<CommentWithAuthor[]> {
    if (parentIds.length === 0) return [];
    const ranked = this.withAuthor()
      .select(sql<number>`row_number() over (partition by comments.parent_id order by comments.created_at, comments.id)`.as('rn'))
      .where('comments.parent_id', 'in', parentIds)
      .where(visible);
    const rows = await this.db
      .selectFrom(ranked.as('r'))
      .selectAll('r')
      .where('r.rn', '<=', perParent)
      .orderBy('r.parent_id')
      .orderBy('r.rn')
      .execute();
    return rows.map(({ rn: _rn, ...row }) => row as CommentWithAuthor);
  }

  /** The comment and all its ancestors, root first: one recursive query. */
  async withAncestors(id: string): Promise<CommentWithAuthor[]> {
    const rows = await this.db
      .withRecursive('chain(id, parent_id, hops)', (qb) =>
        qb
          .selectFrom('comments')
          .select(['id', 'parent_id', sql<number>`0`.as('hops')])
          .where('id', '=', id)
          .unionAll((u) =>
            u
              .selectFrom('comments as c')
              .innerJoin('chain', 'chain.parent_id', 'c.id')
              .select(['c.id', 'c.parent_id', sql<number>`chain.hops + 1`.as('hops')]),
          ),
      )
      .selectFrom('chain')
      .innerJoin('comments', 'comments.id', 'chain.id')
      .innerJoin('authors', 'authors.id', 'comments.author_id')
      .leftJoin('site_members', (j) => j.onRef('site_members.site_id', '=', 'authors.site_id').onRef('site_members.user_id', '=', 'authors.user_id'))
      .selectAll('comments')
      .select(['authors.name as author_name', 'site_members.badge as author_badge', 'chain.hops'])
      .orderBy('chain.hops', 'desc')
      .execute();
    return rows.map(({ hops: _h, ...row }) => row as CommentWithAuthor);
  }

  /** The classifier's scores at the last pipeline run, for moderators (the moderation workspace's column). */
  async saveScores(id: string, scores: Record<string, number>): Promise<void> {
    await this.db.updateTable('comments').set({ scores: JSON.stringify(scores) }).where('id', '=', id).execute();
  }

  async insertRevision(row: CommentRevisionRow): Promise<void> {
    await this.db.insertInto('comment_revisions').values(row).execute();
  }

  listRevisions(commentId: string): Promise<CommentRevisionRow[]> {
    return this.db
      .selectFrom('comment_revisions')
      .selectAll()
      .where('comment_id', '=', commentId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  /** Every comment of a story in creation order, with the author's email: for exports only. */
  listByStoryWithAuthors(storyId: string): Promise<Array<CommentWithAuthor & { author_email: string | null }>> {
    return this.withAuthor()
      .select('authors.email as author_email')
      .where('comments.story_id', '=', storyId)
      .orderBy('comments.created_at')
      .orderBy('comments.id')
      .execute();
  }
}
