import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../errors.js';
import type { Clock, IdGenerator } from '../../lib/ids.js';
import type { CommentEvent } from '../comments/comment.service.js';
import { CommentRepository } from '../comments/comment.repository.js';
import { ReportRepository } from './report.repository.js';
import type { ReportReason } from './report.table.js';

export interface Report {
  id: string;
  commentId: string;
  reason: ReportReason;
  createdAt: number;
}

export interface ReportServiceDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  /** Called after the report is stored (webhooks listen for comment.reported). */
  onEvent?: (event: CommentEvent) => void;
}

/** Readers' reports of comments: one per reporter per comment. The note never reaches logs. */
export class ReportService {
  constructor(private readonly deps: ReportServiceDeps) {}

  async report(input: { commentId: string; reporterKey: string; reason: ReportReason; note?: string | null }): Promise<Report> {
    const { db, clock, ids } = this.deps;
    const comments = new CommentRepository(db);
    const comment = await comments.findWithAuthor(input.commentId);
    if (!comment || comment.status === 'deleted' || comment.status === 'rejected') throw notFound('comment', input.commentId);
    const note = input.note?.trim() || null;
    if (note && note.length > 1000) throw new AppError('VALIDATION', 'the note is longer than 1000 characters');
    const report = { id: ids(), commentId: comment.id, reason: input.reason, createdAt: clock() };
    const inserted = await new ReportRepository(db).insert({
      id: report.id,
      site_id: comment.site_id,
      comment_id: comment.id,
      reporter_key: input.reporterKey,
      reason: input.reason,
      note,
      created_at: report.createdAt,
      resolved_at: null,
    });
    if (!inserted) throw new AppError('CONFLICT', 'You have already reported this comment');
    this.deps.onEvent?.({ type: 'comment.reported', comment });
    return report;
  }
}
