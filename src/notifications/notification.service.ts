import type { Db } from '../db/database.js';
import type { Clock } from '../lib/ids.js';
import type { JobHandlers, JobQueue } from '../jobs/queue.js';
import type { Mailer } from '../mail/mailer.js';
import type { CommentEvent } from '../modules/comments/comment.service.js';
import type { SiteService } from '../modules/sites/site.service.js';
import { NotificationRepository, type MailComment } from './notification.repository.js';
import { moderatorEmail, rejectionEmail, replyEmail } from './templates.js';
import { signUnsubscribe, verifyUnsubscribe } from './tokens.js';

export const EMAIL_JOBS = {
  reply: 'email.reply',
  moderators: 'email.moderators',
  digest: 'email.moderators.digest',
  rejected: 'email.rejected',
} as const;

const DIGEST_MS = { hourly: 3600_000, daily: 24 * 3600_000 } as const;

export interface NotificationDeps {
  db: Db;
  clock: Clock;
  queue: JobQueue;
  mailer: Mailer;
  sites: Pick<SiteService, 'get'>;
  /** Where links in emails point (PUBLIC_URL). */
  publicUrl: string;
}

/**
 * The reason an author is sent: a moderator's own words when they gave some. The pipeline's reasons (scores,
 * matched word lists) are for moderators, so an automatic rejection gets a neutral sentence.
 */
function rejectionReason(reasons: string): string {
  try {
    const list = JSON.parse(reasons) as Array<{ phase?: string; reason?: string }>;
    const words = list.filter((r) => r.phase === 'moderator').at(-1)?.reason;
    if (words) return words;
  } catch {
    // A damaged value falls back to the general reason.
  }
  return "it did not meet the site's discussion guidelines";
}

/**
 * Emails: repliers' notifications (opt-in per comment, one-click unsubscribe), moderators' alerts of held comments
 * (immediate or digest), authors' rejection notices. Events only enqueue jobs; the jobs read the comment again
 * when they run, so what is sent matches the comment's state at sending time.
 */
export class NotificationService {
  private key: Promise<string> | undefined;

  constructor(private readonly deps: NotificationDeps) {}

  private repo(): NotificationRepository {
    return new NotificationRepository(this.deps.db);
  }

  private unsubscribeKey(): Promise<string> {
    this.key ??= this.repo().secret('unsubscribe', this.deps.clock());
    return this.key;
  }

  private link(c: Pick<MailComment, 'story_id' | 'id'>): string {
    return `${this.deps.publicUrl}/stories/${encodeURIComponent(c.story_id)}/comments/${encodeURIComponent(c.id)}`;
  }

  async unsubscribeUrl(siteId: string, email: string): Promise<string> {
    return `${this.deps.publicUrl}/email/unsubscribe?token=${signUnsubscribe(await this.unsubscribeKey(), { siteId, email })}`;
  }

  /** Records an unsubscribe from a link; false when the token is not one of ours. */
  async unsubscribe(token: string): Promise<boolean> {
    const claim = verifyUnsubscribe(await this.unsubscribeKey(), token);
    if (!claim) return false;
    await this.repo().unsubscribe(claim.siteId, claim.email.toLowerCase(), this.deps.clock());
    return true;
  }

  async checkToken(token: string): Promise<boolean> {
    return verifyUnsubscribe(await this.unsubscribeKey(), token) !== null;
  }

  /** commentEvents listener (after the commit). */
  async onCommentEvent(event: CommentEvent): Promise<void> {
    const c = event.comment;
    const { queue } = this.deps;
    const arrived = event.type === 'comment.created' || (event.type === 'comment.status' && event.previousStatus !== c.status);
    if (!arrived) return;
    if (c.status === 'approved' && c.parent_id && (event.type === 'comment.created' || event.previousStatus === 'pending')) {
      await queue.enqueue(EMAIL_JOBS.reply, { commentId: c.id }, { dedupeKey: `reply:${c.id}` });
    }
    if (c.status === 'rejected') await queue.enqueue(EMAIL_JOBS.rejected, { commentId: c.id }, { dedupeKey: `rejected:${c.id}` });
    if (c.status === 'pending' && event.type === 'comment.created') {
      const { settings } = await this.deps.sites.get(c.site_id);
      if (settings.moderatorEmails.length === 0 || settings.moderatorNotify === 'off') return;
      if (settings.moderatorNotify === 'immediate') {
        await queue.enqueue(EMAIL_JOBS.moderators, { commentId: c.id });
      } else {
        const runAt = this.deps.clock() + DIGEST_MS[settings.moderatorNotify];
        await queue.enqueue(EMAIL_JOBS.digest, { siteId: c.site_id, since: c.created_at }, { dedupeKey: `digest:${c.site_id}`, runAt });
      }
    }
  }

  handlers(): JobHandlers {
    return {
      [EMAIL_JOBS.reply]: async (p) => this.sendReply((p as { commentId: string }).commentId),
      [EMAIL_JOBS.moderators]: async (p) => this.sendModerators({ commentId: (p as { commentId: string }).commentId }),
      [EMAIL_JOBS.digest]: async (p) => this.sendModerators(p as { siteId: string; since: number }),
      [EMAIL_JOBS.rejected]: async (p) => this.sendRejection((p as { commentId: string }).commentId),
    };
  }

  private async sendReply(commentId: string): Promise<void> {
    const repo = this.repo();
    const reply = await repo.findComment(commentId);
    if (!reply || reply.status !== 'approved' || !reply.parent_id) return;
    const parent = await repo.findComment(reply.parent_id);
    if (!parent?.notify_replies || !parent.author_email || parent.status === 'deleted') return;
    if (parent.author_id === reply.author_id) return;
    if (await repo.isUnsubscribed(parent.site_id, parent.author_email.toLowerCase())) return;
    await this.deps.mailer.send(
      replyEmail({ to: parent.author_email, reply, parent, link: this.link(reply), unsubscribeUrl: await this.unsubscribeUrl(parent.site_id, parent.author_email) }),
    );
  }

  private async sendModerators(p: { commentId: string } | { siteId: string; since: number }): Promise<void> {
    const repo = this.repo();
    let comments: MailComment[];
    let siteId: string;
    if ('commentId' in p) {
      const c = await repo.findComment(p.commentId);
      if (!c || c.status !== 'pending') return; // already reviewed
      comments = [c];
      siteId = c.site_id;
    } else {
      siteId = p.siteId;
      comments = await repo.pendingSince(p.siteId, p.since, 50);
      if (comments.length === 0) return;
    }
    const site = await this.deps.sites.get(siteId);
    for (const to of site.settings.moderatorEmails) {
      await this.deps.mailer.send(moderatorEmail({ to, siteName: site.name, comments, link: (c) => this.link(c), digest: !('commentId' in p) }));
    }
  }

  private async sendRejection(commentId: string): Promise<void> {
    const c = await this.repo().findComment(commentId);
    if (!c || c.status !== 'rejected' || !c.author_email) return;
    await this.deps.mailer.send(rejectionEmail({ to: c.author_email, comment: c, reason: rejectionReason(c.reasons), link: `${this.deps.publicUrl}/stories/${encodeURIComponent(c.story_id)}` }));
  }
}
