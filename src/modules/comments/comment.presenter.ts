import type { CommentWithAuthor } from './comment.repository.js';
import type { CommentStatus } from './comment.table.js';

/** A comment as clients see it. Fields are picked one by one: emails, edit keys and reasons never leave. */
export interface CommentView {
  id: string;
  storyId: string;
  parentId: string | null;
  depth: number;
  status: CommentStatus;
  /** badge: the author's staff badge on this site, when they have one. */
  author: { name: string; badge?: string };
  /** Sanitized HTML; empty for a deleted comment. */
  html: string;
  createdAt: string;
  editedAt: string | null;
  replyCount: number;
  upvotes: number;
  replies: CommentView[];
  /** Visible replies not included in `replies` (fetch them with the replies endpoint). */
  moreReplies: number;
  /** Moderators' flags; absent on a comment just posted (it cannot be flagged yet). */
  featured?: boolean;
  pinned?: boolean;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function presentComment(row: CommentWithAuthor, replies: CommentView[] = []): CommentView {
  const deleted = row.status === 'deleted';
  return {
    id: row.id,
    storyId: row.story_id,
    parentId: row.parent_id,
    depth: row.depth,
    status: row.status,
    author: deleted ? { name: '' } : { name: row.author_name, ...(row.author_badge ? { badge: row.author_badge } : {}) },
    html: deleted ? '' : row.html,
    createdAt: iso(row.created_at)!,
    editedAt: iso(row.edited_at),
    replyCount: row.reply_count,
    upvotes: row.upvotes,
    replies,
    moreReplies: Math.max(0, row.reply_count - replies.length),
    ...(row.featured !== undefined ? { featured: Number(row.featured) === 1 } : {}),
    ...(row.pinned !== undefined ? { pinned: Number(row.pinned) === 1 } : {}),
  };
}
