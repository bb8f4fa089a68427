import type { Insertable, Selectable, Updateable } from 'kysely';

export const COMMENT_STATUSES = ['approved', 'pending', 'rejected', 'deleted'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

export interface CommentTable {
  id: string;
  site_id: string;
  story_id: string;
  parent_id: string | null;
  /** 0 for a top-level comment; stored depth is unlimited. */
  depth: number;
  author_id: string;
  status: CommentStatus;
  /** As the author wrote it (Markdown subset). Emptied when deleted. */
  body: string;
  /** Sanitized HTML rendered from body. */
  html: string;
  /** Visible direct replies: approved ones, and deleted ones kept as tombstones because they have replies. */
  reply_count: number;
  upvotes: number;
  downvotes: number;
  /** Lower bound of the Wilson interval on up/down votes: the "best" sort. */
  best_score: number;
  /** JSON array of {phase, reason} from moderation. */
  reasons: string;
  /** sha256 of the secret returned to a guest author, proving authorship for edit and delete. */
  edit_key_hash: string | null;
  /** Where an import found it (format:site-local id), so re-importing never duplicates. */
  import_key: string | null;
  created_at: number;
  edited_at: number | null;
  deleted_at: number | null;
  /** 0 or 1: the author asked to be emailed about replies. */
  notify_replies: number;
  /** The poster's address, kept only when the site's storeIps setting allows (imports only so far). */
  ip: string | null;
}
export type CommentRow = Selectable<CommentTable>;
export type NewCommentRow = Insertable<CommentTable>;
export type CommentUpdate = Updateable<CommentTable>;

export interface CommentRevisionTable {
  id: string;
  comment_id: string;
  /** The body before the edit. */
  body: string;
  html: string;
  created_at: number;
}
export type CommentRevisionRow = Selectable<CommentRevisionTable>;
