import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../errors.js';
import type { Clock } from '../../lib/ids.js';
import type { CommentService } from '../comments/comment.service.js';
import type { CommentStatus } from '../comments/comment.table.js';
import { authorize } from '../users/policy.js';
import type { Actor } from '../users/user.model.js';
import { AuditRepository } from './audit.repository.js';
import type { AuditService } from './audit.service.js';
import type { ModerationItem } from './moderation.presenter.js';
import type { AuditAction, AuditLogRow } from './moderation.table.js';
import { QueueRepository, type QueueRow } from './queue.repository.js';
import type { QueueService } from './queue.service.js';

export const DECISION_ACTIONS = ['approve', 'reject', 'feature', 'unfeature', 'pin', 'unpin'] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

export interface Decision {
  siteId: string;
  commentId: string;
  action: DecisionAction;
  /** The status the moderator saw: a comment decided meanwhile by someone else answers CONFLICT. */
  expectedStatus?: CommentStatus;
  /** Why, for a rejection: recorded, and sent to the author by the notifications module. */
  reason?: string | null;
}

/** Published after commit, for the notifications module (the rejection email) and anyone else listening. */
export interface ModerationEvent {
  type: 'comment.rejected' | 'comment.approved' | 'comment.undone';
  siteId: string;
  commentId: string;
  actorId: string;
  reason: string | null;
}

export type BulkResult = { commentId: string; ok: true; item: ModerationItem } | { commentId: string; ok: false; error: { code: string; message: string } };

const STATUS_OF: Partial<Record<DecisionAction, CommentStatus>> = { approve: 'approved', reject: 'rejected' };
const FLAG_OF: Partial<Record<DecisionAction, { featured?: boolean; pinned?: boolean }>> = {
  feature: { featured: true },
  unfeature: { featured: false },
  pin: { pinned: true },
  unpin: { pinned: false },
};
const OPPOSITE: Record<string, DecisionAction> = { feature: 'unfeature', unfeature: 'feature', pin: 'unpin', unpin: 'pin' };

export interface DecisionServiceDeps {
  db: Db;
  clock: Clock;
  comments: CommentService;
  audit: AuditService;
  queue: QueueService;
  onEvent?: (event: ModerationEvent) => void;
  /** Featuring and pinning change what a thread page shows: its cached pages go after commit. */
  invalidateThread?: (storyId: string) => Promise<void>;
}

/**
 * Moderators' decisions. Each one changes the comment and writes its audit entry in one transaction, checks the
 * status the moderator saw, and is authorized through the permission rules against the comment's own site.
 */
export class DecisionService {
  constructor(private readonly deps: DecisionServiceDeps) {}

  private async load(actor: Actor, siteId: string, commentId: string): Promise<QueueRow> {
    authorize(actor, { action: 'comment.moderate', siteId });
    const row = await new QueueRepository(this.deps.db).findById(commentId);
    // Another site's comment is reported as unknown: its existence is not this moderator's business.
    if (!row || row.siteId !== siteId) throw notFound('comment', commentId);
    return row;
  }

  async decide(actor: Actor, d: Decision): Promise<ModerationItem> {
    const row = await this.load(actor, d.siteId, d.commentId);
    const actorId = actor.kind === 'user' ? actor.user.id : 'anonymous';
    const reason = d.reason?.trim() || null;
    if (reason && reason.length > 1000) throw new AppError('VALIDATION', 'the reason is longer than 1000 characters');
    const status = STATUS_OF[d.action];
    if (status) {
      await this.deps.comments.setStatus(row.id, status, d.expectedStatus, {
        within: async (trx, { before, after }) => {
          const now = this.deps.clock();
          const queue = new QueueRepository(trx);
          await queue.setFlags(row.id, { reviewedAt: now, ...(status === 'rejected' ? { featured: false, pinned: false } : {}) });
          await queue.resolveReports(row.id, now);
          if (status === 'rejected' && reason) await queue.appendReason(row.id, { phase: 'moderator', reason });
          await this.deps.audit.record(
            { actor: actorId, siteId: row.siteId, action: d.action, commentId: row.id, targetUserId: row.authorUserId, fromStatus: before.status, toStatus: after.status, reason },
            trx,
          );
        },
      });
      this.deps.onEvent?.({ type: status === 'rejected' ? 'comment.rejected' : 'comment.approved', siteId: row.siteId, commentId: row.id, actorId, reason });
    } else {
      await this.setFlag(row, actorId, d.action, d.expectedStatus, reason);
    }
    return this.deps.queue.get(row.siteId, row.id);
  }

  private async setFlag(row: QueueRow, actorId: string, action: DecisionAction, expected: CommentStatus | undefined, reason: string | null, undoOf?: AuditLogRow): Promise<void> {
    const flag = FLAG_OF[action]!;
    await this.deps.db.transaction().execute(async (trx) => {
      const queue = new QueueRepository(trx);
      const current = await queue.findById(row.id);
      if (!current) throw notFound('comment', row.id);
      if (expected && current.status !== expected) throw new AppError('CONFLICT', `comment is ${current.status} now, not ${expected}`);
      const turningOn = flag.featured === true || flag.pinned === true;
      if (turningOn && current.status !== 'approved') throw new AppError('CONFLICT', `only a published comment can be featured or pinned; this one is ${current.status}`);
      await queue.setFlags(row.id, { ...flag, reviewedAt: this.deps.clock() });
      const id = await this.deps.audit.record(
        {
          actor: actorId,
          siteId: row.siteId,
          action: undoOf ? 'undo' : (action as AuditAction),
          commentId: row.id,
          targetUserId: row.authorUserId,
          fromStatus: current.status,
          toStatus: current.status,
          reason,
          details: { ...flag, ...(undoOf ? { undid: undoOf.id, undidAction: undoOf.action } : {}) },
        },
        trx,
      );
      if (undoOf) await new AuditRepository(trx).markUndone(undoOf.id, id);
    });
    await this.deps.invalidateThread?.(row.storyId);
  }

  /** Reverts the latest decision a person made on the comment (by anyone) that is not undone yet. */
  async undo(actor: Actor, siteId: string, commentId: string): Promise<ModerationItem> {
    const row = await this.load(actor, siteId, commentId);
    const actorId = actor.kind === 'user' ? actor.user.id : 'anonymous';
    const last = await new AuditRepository(this.deps.db).lastUndoable(row.id);
    if (!last) throw new AppError('CONFLICT', 'there is no decision on this comment to undo');
    const opposite = OPPOSITE[last.action];
    if (opposite) {
      await this.setFlag(row, actorId, opposite, undefined, null, last);
    } else {
      const restore = last.from_status as CommentStatus;
      await this.deps.comments.setStatus(row.id, restore, last.to_status as CommentStatus, {
        within: async (trx, { before, after }) => {
          const id = await this.deps.audit.record(
            { actor: actorId, siteId: row.siteId, action: 'undo', commentId: row.id, targetUserId: row.authorUserId, fromStatus: before.status, toStatus: after.status, details: { undid: last.id, undidAction: last.action } },
            trx,
          );
          await new AuditRepository(trx).markUndone(last.id, id);
        },
      });
      this.deps.onEvent?.({ type: 'comment.undone', siteId: row.siteId, commentId: row.id, actorId, reason: null });
    }
    return this.deps.queue.get(row.siteId, row.id);
  }

  /** Many decisions, each on its own: one stale or unknown comment does not stop the others. */
  async decideMany(actor: Actor, siteId: string, action: DecisionAction, items: Array<{ commentId: string; expectedStatus?: CommentStatus }>, reason?: string | null): Promise<BulkResult[]> {
    authorize(actor, { action: 'comment.moderate', siteId });
    const results: BulkResult[] = [];
    for (const it of items) {
      try {
        const item = await this.decide(actor, { siteId, commentId: it.commentId, action, ...(it.expectedStatus ? { expectedStatus: it.expectedStatus } : {}), reason: reason ?? null });
        results.push({ commentId: it.commentId, ok: true, item });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        results.push({ commentId: it.commentId, ok: false, error: { code: err.code, message: err.message } });
      }
    }
    return results;
  }
}
