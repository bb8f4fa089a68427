import type { CommentWithAuthor } from './comment.repository.js';
import type { CommentStatus } from './comment.table.js';

/** A comment as clients see it. Fields are picked one by one: emails, edit keys and reasons never leave. */
export interface CommentView {
  id: string;
  storyId: string;
  parentId: string | null;
  depth: number;
  status: CommentStatus;
  author: { name: string };
  /** Sanitized HTML; empty for a deleted comment. */
  html: string;
  createdAt: string;
  editedAt: string | null;
  replyCount: number;
  upvotes: number;
  replies: CommentView[];
  /** Visible replies not included in `replies` (fetch them with the replies endpoint). */
  moreReplies: number;
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
    author: { name: deleted ? '' : row.author_name },
    html: deleted ? '' : row.html,
    createdAt: iso(row.created_at)!,
    editedAt: iso(row.edited_at),
    replyCount: row.reply_count,
    upvotes: row.upvotes,
    replies,
    moreReplies: Math.max(0, row.reply_count - replies.length),
  };
}
