/**
 * The comment JSON clients receive, as plain types shared by the server's presenter and the browser code (which
 * never imports server code, only this folder). The TypeBox schemas in src/http/schemas describe the same shape.
 */
export type CommentStatus = 'approved' | 'pending' | 'rejected' | 'deleted';

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

export interface ThreadPage {
  comments: CommentView[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}
