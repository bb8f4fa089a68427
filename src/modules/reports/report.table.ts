import type { Selectable } from 'kysely';

export const REPORT_REASONS = ['spam', 'abuse', 'offtopic', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

/** A reader's report of a comment. One per reporter per comment. */
export interface ReportTable {
  id: string;
  site_id: string;
  comment_id: string;
  /** Same identity as a reaction's voter_key. */
  reporter_key: string;
  reason: ReportReason;
  note: string | null;
  created_at: number;
  resolved_at: number | null;
}
export type ReportRow = Selectable<ReportTable>;
