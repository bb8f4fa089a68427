import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../errors.js';
import { StoryRepository } from '../stories/story.repository.js';
import { presentComment, type CommentView } from './comment.presenter.js';
import {
  CommentRepository,
  sortKeyOf,
  THREAD_SORTS,
  type CommentWithAuthor,
  type SortKey,
  type ThreadSort,
} from './comment.repository.js';
import { isVisible } from './comment.service.js';
import { noThreadCache, type ThreadCache } from './thread.cache.js';
import type { ThreadPage } from '../../contracts/comments.js';

export type { ThreadPage };

export interface ThreadOptions {
  sort?: ThreadSort;
  limit?: number;
  cursor?: string;
  /** Replies loaded under each comment, per level. */
  repliesPerComment?: number;
  /** Levels of replies loaded below the listed comments. Each level is one query. */
  replyDepth?: number;
}

export function encodeCursor(sort: ThreadSort, key: SortKey): string {
  return Buffer.from(JSON.stringify({ s: sort, k: key })).toString('base64url');
}

export function decodeCursor(cursor: string, sort: ThreadSort): SortKey {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown; k?: unknown };
    const key = parsed.k;
    if (parsed.s === sort && Array.isArray(key) && key.length >= 2 && key.length <= 3 && key.every((v) => typeof v === 'number' || typeof v === 'string')) {
      return key as SortKey;
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('BAD_CURSOR', `cursor is not one this server issued for sort "${sort}"`);
}

const clamp = (n: number | undefined, lo: number, hi: number, dflt: number): number =>
  n === undefined || !Number.isFinite(n) ? dflt : Math.min(hi, Math.max(lo, Math.trunc(n)));

/** Reads threads: a fixed number of indexed queries per page, whatever the story's size. */
export class ThreadService {
  constructor(
    private readonly db: Db,
    private readonly cache: ThreadCache = noThreadCache,
  ) {}

  async storyThread(storyId: string, opts: ThreadOptions = {}): Promise<ThreadPage> {
    const key = JSON.stringify([opts.sort, opts.limit, opts.cursor, opts.repliesPerComment, opts.replyDepth]);
    const cached = await this.cache.get(storyId, key);
    if (cached) return cached;
    const story = await new StoryRepository(this.db).findById(storyId);
    if (!story) throw notFound('story', storyId);
    const page = await this.page(storyId, null, opts);
    await this.cache.set(storyId, key, page);
    return page;
  }

  /** "Load more replies": the next page of a comment's replies, oldest first. */
  async replies(commentId: string, opts: ThreadOptions = {}): Promise<ThreadPage> {
    const parent = await new CommentRepository(this.db).findById(commentId);
    if (!parent || !isVisible(parent)) throw notFound('comment', commentId);
    return this.page(parent.story_id, parent.id, { ...opts, sort: 'oldest' });
  }

  /** A comment with its ancestors, root first, for permalinks. Only published chains are shown. */
  async withAncestors(commentId: string): Promise<{ comment: CommentView; ancestors: CommentView[] }> {
    const chain = await new CommentRepository(this.db).withAncestors(commentId);
    const target = chain.at(-1);
    if (!target || target.id !== commentId || !chain.every(isVisible)) throw notFound('comment', commentId);
    const nested = await this.nest([target], 3, 1);
    return { comment: nested[0]!, ancestors: chain.slice(0, -1).map((c) => presentComment(c)) };
  }

  private async page(storyId: string, parentId: string | null, opts: ThreadOptions): Promise<ThreadPage> {
    const sort = opts.sort ?? 'newest';
    if (!THREAD_SORTS.includes(sort)) throw new AppError('VALIDATION', `sort must be one of ${THREAD_SORTS.join(', ')}`);
    const limit = clamp(opts.limit, 1, 100, 20);
    const after = opts.cursor ? decodeCursor(opts.cursor, sort) : undefined;
    const rows = await new CommentRepository(this.db).listChildren({ storyId, parentId, sort, limit, ...(after ? { after } : {}) });
    const pageRows = rows.slice(0, limit);
    const last = pageRows.at(-1);
    const comments = await this.nest(pageRows, clamp(opts.repliesPerComment, 0, 20, 3), clamp(opts.replyDepth, 0, 5, 2));
    return { comments, nextCursor: rows.length > limit && last ? encodeCursor(sort, sortKeyOf(last, sort)) : null };
  }

  /** Attaches the first replies of each comment, level by level: one query per level. */
  private async nest(rows: CommentWithAuthor[], perParent: number, depth: number): Promise<CommentView[]> {
    const childrenOf = new Map<string, CommentWithAuthor[]>();
    let level = rows;
    for (let d = 0; d < depth && perParent > 0 && level.length > 0; d++) {
      const parents = level.filter((c) => c.reply_count > 0).map((c) => c.id);
      const replies = await new CommentRepository(this.db).firstReplies(parents, perParent);
      for (const r of replies) {
        const list = childrenOf.get(r.parent_id!) ?? [];
        list.push(r);
        childrenOf.set(r.parent_id!, list);
      }
      level = replies;
    }
    const build = (row: CommentWithAuthor): CommentView => presentComment(row, (childrenOf.get(row.id) ?? []).map(build));
    return rows.map(build);
  }
}
