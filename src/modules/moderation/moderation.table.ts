import type { ColumnType, Insertable, Selectable } from 'kysely';

/**
 * Columns the moderation workspace adds to comments (migration 2026-11-25-moderation). Kept apart from
 * CommentTable and optional on insert, so code that builds comment rows needs no change.
 */
export interface CommentModerationColumns {
  /** JSON object of the classifier's scores (TOXICITY, …) at the last pipeline run; null when it did not run. */
  scores: ColumnType<string | null, string | null | undefined, string | null>;
  /** 0/1. */
  featured: ColumnType<number, number | undefined, number>;
  /** 0/1. */
  pinned: ColumnType<number, number | undefined, number>;
  /** When a person last decided on the comment; null: only the pipeline has. */
  reviewed_at: ColumnType<number | null, number | null | undefined, number | null>;
}

export const AUDIT_ACTIONS = [
  'pipeline',
  'approve',
  'reject',
  'feature',
  'unfeature',
  'pin',
  'unpin',
  'undo',
  'note',
  'ban',
  'unban',
  'suspend',
  'unsuspend',
  'premoderate',
  'unpremoderate',
  'settings',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One moderator or automatic decision. Append-only, except undone_by. */
export interface AuditLogTable {
  id: string;
  at: number;
  /** A user id, or 'pipeline'. */
  actor: string;
  site_id: string;
  action: AuditAction;
  comment_id: string | null;
  target_user_id: string | null;
  from_status: string | null;
  to_status: string | null;
  reason: string | null;
  /** JSON object: pipeline reasons, changed settings, … */
  details: string;
  undone_by: string | null;
}
export type AuditLogRow = Selectable<AuditLogTable>;
export type NewAuditLogRow = Insertable<AuditLogTable>;

export interface ModeratorNoteTable {
  id: string;
  site_id: string;
  author_id: string;
  moderator_id: string;
  body: string;
  created_at: number;
}
export type ModeratorNoteRow = Selectable<ModeratorNoteTable>;
