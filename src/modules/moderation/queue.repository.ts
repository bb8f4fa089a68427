import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { Database, Db } from '../../db/database.js';
import type { CommentStatus } from '../comments/comment.table.js';

export const QUEUES = ['pending', 'reported', 'flagged', 'unmoderated', 'approved', 'rejected'] as const;
export type Queue = (typeof QUEUES)[number];

/** What a moderator needs of one comment: the row, its author, story and parent. Flags converted. */
export interface QueueRow {
  id: string;
  siteId: string;
  storyId: string;
  storyTitle: string;
  parentId: string | null;
  authorId: string;
  authorName: string;
  authorUserId: string | null;
  status: CommentStatus;
  body: string;
  html: string;
  reasons: string;
  scores: string | null;
  featured: boolean;
  pinned: boolean;
  reviewedAt: number | null;
  createdAt: number;
  editedAt: number | null;
}

export interface QueueFilter {
  siteId: string;
  storyId?: string;
}

/** The toxicity phase's reasons, found in the JSON text without a JSON function (same on both dialects). */
const FLAGGED_PATTERN = '%"phase":"toxicity"%';

type Qb = SelectQueryBuilder<Database, 'comments' | 'authors' | 'stories', object>;

function openReport(eb: ExpressionBuilder<Database, 'comments'>) {
  return eb.exists(
    eb.selectFrom('reports').select('reports.id').whereRef('reports.comment_id', '=', 'comments.id').where('reports.resolved_at', 'is', null),
  );
}

function inQueue(q: Qb, queue: Queue): Qb {
  switch (queue) {
    case 'pending':
      return q.where('comments.status', '=', 'pending');
    case 'reported':
      return q.where('comments.status', 'in', ['approved', 'pending']).where(openReport);
    case 'flagged':
      return q.where('comments.status', '!=', 'deleted').where('comments.reasons', 'like', FLAGGED_PATTERN);
    case 'unmoderated':
      return q.where('comments.status', '=', 'approved').where('comments.reviewed_at', 'is', null);
    case 'approved':
      return q.where('comments.status', '=', 'approved');
    case 'rejected':
      return q.where('comments.status', '=', 'rejected');
  }
}

/** Work queues read oldest first (first come, first served); the archives newest first. */
export const queueOrder = (queue: Queue): 'asc' | 'desc' => (queue === 'approved' || queue === 'rejected' ? 'desc' : 'asc');

export class QueueRepository {
  constructor(private readonly db: Db) {}

  private base(): Qb {
    return this.db
      .selectFrom('comments')
      .innerJoin('authors', 'authors.id', 'comments.author_id')
      .innerJoin('stories', 'stories.id', 'comments.story_id');
  }

  private async select(q: Qb): Promise<QueueRow[]> {
    const rows = await q
      .select([
        'comments.id',
        'comments.site_id',
        'comments.story_id',
        'stories.title as story_title',
        'comments.parent_id',
        'comments.author_id',
        'authors.name as author_name',
        'authors.user_id as author_user_id',
        'comments.status',
        'comments.body',
        'comments.html',
        'comments.reasons',
        'comments.scores',
        'comments.featured',
        'comments.pinned',
        'comments.reviewed_at',
        'comments.created_at',
        'comments.edited_at',
      ])
      .execute();
    return rows.map((r) => ({
      id: r.id,
      siteId: r.site_id,
      storyId: r.story_id,
      storyTitle: r.story_title,
      parentId: r.parent_id,
      authorId: r.author_id,
      authorName: r.author_name,
      authorUserId: r.author_user_id,
      status: r.status,
      body: r.body,
      html: r.html,
      reasons: r.reasons,
      scores: r.scores,
      featured: Number(r.featured) === 1,
      pinned: Number(r.pinned) === 1,
      reviewedAt: r.reviewed_at === null ? null : Number(r.reviewed_at),
      createdAt: Number(r.created_at),
      editedAt: r.edited_at === null ? null : Number(r.edited_at),
    }));
  }

  /** One page of a queue, keyset-paged on (created_at, id); fetches limit + 1 so the caller knows if more exist. */
  list(opts: QueueFilter & { queue: Queue; limit: number; after?: { createdAt: number; id: string } }): Promise<QueueRow[]> {
    const dir = queueOrder(opts.queue);
    let q = inQueue(this.base().where('comments.site_id', '=', opts.siteId), opts.queue);
    if (opts.storyId) q = q.where('comments.story_id', '=', opts.storyId);
    const after = opts.after;
    if (after) {
      q = q.where((eb) => eb(eb.refTuple('comments.created_at', 'comments.id'), dir === 'asc' ? '>' : '<', eb.tuple(after.createdAt, after.id)));
    }
    return this.select(q.orderBy('comments.created_at', dir).orderBy('comments.id', dir).limit(opts.limit + 1));
  }

  async findById(id: string): Promise<QueueRow | undefined> {
    return (await this.select(this.base().where('comments.id', '=', id)))[0];
  }

  async findByIds(ids: string[]): Promise<QueueRow[]> {
    if (ids.length === 0) return [];
    return this.select(this.base().where('comments.id', 'in', ids));
  }

  /** How many comments each queue holds now: a handful of indexed counts. */
  async counts(filter: QueueFilter): Promise<Record<Queue, number>> {
    const scoped = <T extends SelectQueryBuilder<Database, 'comments', object>>(q: T): T =>
      (filter.storyId ? q.where('comments.story_id', '=', filter.storyId) : q) as T;
    const byStatus = await scoped(
      this.db
        .selectFrom('comments')
        .select(['comments.status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('comments.site_id', '=', filter.siteId),
    )
      .groupBy('comments.status')
      .execute();
    const count = (q: SelectQueryBuilder<Database, 'comments', object>) =>
      scoped(q)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
        .then((r) => Number((r as { n: number }).n));
    const site = () => this.db.selectFrom('comments').where('comments.site_id', '=', filter.siteId);
    const [reported, flagged, unmoderated] = await Promise.all([
      count(site().where('comments.status', 'in', ['approved', 'pending']).where(openReport)),
      count(site().where('comments.status', '!=', 'deleted').where('comments.reasons', 'like', FLAGGED_PATTERN)),
      count(site().where('comments.status', '=', 'approved').where('comments.reviewed_at', 'is', null)),
    ]);
    const status = (s: CommentStatus) => Number(byStatus.find((r) => r.status === s)?.n ?? 0);
    return { pending: status('pending'), reported, flagged, unmoderated, approved: status('approved'), rejected: status('rejected') };
  }

  /** Open reports of the given comments, oldest first. */
  openReports(commentIds: string[]) {
    if (commentIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('reports')
      .select(['id', 'comment_id', 'reason', 'note', 'created_at'])
      .where('comment_id', 'in', commentIds)
      .where('resolved_at', 'is', null)
      .orderBy('created_at')
      .execute();
  }

  async resolveReports(commentId: string, at: number): Promise<void> {
    await this.db.updateTable('reports').set({ resolved_at: at }).where('comment_id', '=', commentId).where('resolved_at', 'is', null).execute();
  }

  /** Adds a reason to the comment's moderation record (a moderator's words for a rejection, which the author is sent). */
  async appendReason(id: string, entry: { phase: string; reason: string }): Promise<void> {
    const row = await this.db.selectFrom('comments').select('reasons').where('id', '=', id).executeTakeFirst();
    if (!row) return;
    let reasons: unknown[] = [];
    try {
      const parsed: unknown = JSON.parse(row.reasons);
      if (Array.isArray(parsed)) reasons = parsed;
    } catch {
      // A damaged record is replaced by what is known now.
    }
    await this.db.updateTable('comments').set({ reasons: JSON.stringify([...reasons, entry]) }).where('id', '=', id).execute();
  }

  async setFlags(id: string, patch: { featured?: boolean; pinned?: boolean; reviewedAt?: number }): Promise<void> {
    await this.db
      .updateTable('comments')
      .set({
        ...(patch.featured !== undefined ? { featured: patch.featured ? 1 : 0 } : {}),
        ...(patch.pinned !== undefined ? { pinned: patch.pinned ? 1 : 0 } : {}),
        ...(patch.reviewedAt !== undefined ? { reviewed_at: patch.reviewedAt } : {}),
      })
      .where('id', '=', id)
      .execute();
  }

  /** Parent comments for context: author and text. */
  parents(ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('comments')
      .innerJoin('authors', 'authors.id', 'comments.author_id')
      .select(['comments.id', 'comments.status', 'comments.html', 'authors.name as author_name', sql<number>`comments.created_at`.as('created_at')])
      .where('comments.id', 'in', ids)
      .execute();
  }
}
