import type { CommentWithAuthor } from './comment.repository.js';
import type { CommentView } from '../../contracts/comments.js';

export type { CommentView };

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
