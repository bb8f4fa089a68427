import type { Db } from '../../db/database.js';
import { AppError } from '../../errors.js';
import type { Clock, IdGenerator } from '../../lib/ids.js';
import type { CommentStatus } from '../comments/comment.table.js';
import { authorize } from '../users/policy.js';
import type { Actor } from '../users/user.model.js';
import { presentMembership, type MembershipView } from '../users/user.presenter.js';
import type { StandingPatch, UserService } from '../users/user.service.js';
import type { AuditService } from './audit.service.js';
import type { AuditAction } from './moderation.table.js';
import { NoteRepository } from './notes.repository.js';
import { QueueRepository } from './queue.repository.js';

export interface AuthorNote {
  id: string;
  body: string;
  moderatorId: string;
  moderatorName: string | null;
  createdAt: string;
}

export interface AuthorHistoryView {
  author: { id: string; name: string; userId: string | null; firstSeen: string };
  counts: Record<CommentStatus, number>;
  /** Rejected among the comments moderation decided on (approved + rejected); 0 with none. */
  rejectionRate: number;
  recent: Array<{ id: string; status: CommentStatus; storyTitle: string; html: string; createdAt: string }>;
  notes: AuthorNote[];
  /** The account's standing on this site and globally; null for a guest. */
  standing: { site: MembershipView; global: { banned: boolean; suspendedUntil: string | null; premoderated: boolean } } | null;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** An author's history, moderators' notes about them, and their standing (accounts only). */
export class NoteService {
  constructor(private readonly deps: { db: Db; clock: Clock; ids: IdGenerator; audit: AuditService; users: UserService }) {}

  private async author(actor: Actor, siteId: string, authorId: string) {
    authorize(actor, { action: 'comment.moderate', siteId });
    const author = await new NoteRepository(this.deps.db).findAuthor(authorId);
    if (!author || author.site_id !== siteId) throw new AppError('NOT_FOUND', `No author with id "${authorId}" on this site`);
    return author;
  }

  async history(actor: Actor, siteId: string, authorId: string): Promise<AuthorHistoryView> {
    const author = await this.author(actor, siteId, authorId);
    const repo = new NoteRepository(this.deps.db);
    const [counts, ids, notes] = await Promise.all([repo.statusCounts(author.id), repo.recentCommentIds(author.id, 30), repo.list(author.id)]);
    const rows = await new QueueRepository(this.deps.db).findByIds(ids);
    rows.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
    const decided = counts.approved + counts.rejected;
    let standing: AuthorHistoryView['standing'] = null;
    if (author.user_id) {
      const user = await this.deps.users.get(author.user_id).catch(() => undefined);
      if (user) {
        const m = (await this.deps.users.membership(siteId, user.id)) ?? { siteId, role: 'commenter' as const, badge: null, bannedAt: null, suspendedUntil: null, premoderated: false };
        standing = { site: presentMembership(m), global: { banned: user.bannedAt !== null, suspendedUntil: iso(user.suspendedUntil), premoderated: user.premoderated } };
      }
    }
    return {
      author: { id: author.id, name: author.name, userId: author.user_id, firstSeen: iso(Number(author.created_at))! },
      counts,
      rejectionRate: decided === 0 ? 0 : counts.rejected / decided,
      recent: rows.map((r) => ({ id: r.id, status: r.status, storyTitle: r.storyTitle, html: r.html, createdAt: iso(r.createdAt)! })),
      notes: notes.map((n) => ({ id: n.id, body: n.body, moderatorId: n.moderator_id, moderatorName: n.moderator_name, createdAt: iso(n.created_at)! })),
      standing,
    };
  }

  async addNote(actor: Actor, siteId: string, authorId: string, body: string): Promise<AuthorNote> {
    const author = await this.author(actor, siteId, authorId);
    if (actor.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'sign in first');
    const text = body.trim();
    if (!text) throw new AppError('VALIDATION', 'the note is empty');
    if (text.length > 2000) throw new AppError('VALIDATION', 'the note is longer than 2000 characters');
    const now = this.deps.clock();
    const id = this.deps.ids();
    await this.deps.db.transaction().execute(async (trx) => {
      await new NoteRepository(trx).insert({ id, site_id: siteId, author_id: author.id, moderator_id: actor.user.id, body: text, created_at: now });
      await this.deps.audit.record({ actor: actor.user.id, siteId, action: 'note', targetUserId: author.user_id, details: { authorId: author.id, noteId: id } }, trx);
    });
    return { id, body: text, moderatorId: actor.user.id, moderatorName: actor.user.displayName, createdAt: iso(now)! };
  }

  /**
   * Ban, suspend or pre-moderate the account behind an author on this site, through the accounts service and
   * its permission rule (a moderator cannot act on another moderator). Guests have no account to act on.
   */
  async setStanding(actor: Actor, siteId: string, authorId: string, patch: StandingPatch): Promise<AuthorHistoryView> {
    const author = await this.author(actor, siteId, authorId);
    if (!author.user_id) throw new AppError('VALIDATION', 'this author is a guest without an account: add a note instead');
    const user = await this.deps.users.get(author.user_id);
    const membership = await this.deps.users.membership(siteId, user.id);
    authorize(actor, { action: 'member.manage', siteId, target: { user, membership } });
    if (patch.suspendedUntil != null && patch.suspendedUntil <= this.deps.clock()) throw new AppError('VALIDATION', 'a suspension must end in the future');
    await this.deps.users.setMembership(siteId, user.id, patch);
    const actorId = actor.kind === 'user' ? actor.user.id : 'anonymous';
    const entries: AuditAction[] = [];
    if (patch.banned !== undefined) entries.push(patch.banned ? 'ban' : 'unban');
    if (patch.suspendedUntil !== undefined) entries.push(patch.suspendedUntil === null ? 'unsuspend' : 'suspend');
    if (patch.premoderated !== undefined) entries.push(patch.premoderated ? 'premoderate' : 'unpremoderate');
    for (const action of entries) {
      await this.deps.audit.record({
        actor: actorId,
        siteId,
        action,
        targetUserId: user.id,
        details: { authorId: author.id, ...(action === 'suspend' ? { until: iso(patch.suspendedUntil ?? null) } : {}) },
      });
    }
    return this.history(actor, siteId, authorId);
  }
}
