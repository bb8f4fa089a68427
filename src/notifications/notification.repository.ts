import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import type { CommentStatus } from '../modules/comments/comment.table.js';

export interface MailComment {
  id: string;
  site_id: string;
  story_id: string;
  parent_id: string | null;
  status: CommentStatus;
  body: string;
  reasons: string;
  notify_replies: number;
  created_at: number;
  author_id: string;
  author_name: string;
  author_email: string | null;
  story_title: string;
}

export class NotificationRepository {
  constructor(private readonly db: Db) {}

  private comments() {
    return this.db
      .selectFrom('comments')
      .innerJoin('authors', 'authors.id', 'comments.author_id')
      .innerJoin('stories', 'stories.id', 'comments.story_id')
      .select([
        'comments.id',
        'comments.site_id',
        'comments.story_id',
        'comments.parent_id',
        'comments.status',
        'comments.body',
        'comments.reasons',
        'comments.notify_replies',
        'comments.created_at',
        'comments.author_id',
        'authors.name as author_name',
        'authors.email as author_email',
        'stories.title as story_title',
      ]);
  }

  findComment(id: string): Promise<MailComment | undefined> {
    return this.comments().where('comments.id', '=', id).executeTakeFirst();
  }

  /** A site's comments waiting for review that arrived since `since`, oldest first (a digest's content). */
  pendingSince(siteId: string, since: number, limit: number): Promise<MailComment[]> {
    return this.comments()
      .where('comments.site_id', '=', siteId)
      .where('comments.status', '=', 'pending')
      .where('comments.created_at', '>=', since)
      .orderBy('comments.created_at')
      .limit(limit)
      .execute();
  }

  async isUnsubscribed(siteId: string, emailKey: string): Promise<boolean> {
    const r = await this.db.selectFrom('email_unsubscribes').select('email_key').where('site_id', '=', siteId).where('email_key', '=', emailKey).executeTakeFirst();
    return Boolean(r);
  }

  async unsubscribe(siteId: string, emailKey: string, now: number): Promise<void> {
    await this.db
      .insertInto('email_unsubscribes')
      .values({ site_id: siteId, email_key: emailKey, created_at: now })
      .onConflict((oc) => oc.columns(['site_id', 'email_key']).doNothing())
      .execute();
  }

  /** The named key, made on first use; concurrent first uses agree on the stored one. */
  async secret(name: string, now: number): Promise<string> {
    await this.db
      .insertInto('app_secrets')
      .values({ name, value: randomBytes(32).toString('base64url'), created_at: now })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const r = await this.db.selectFrom('app_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
    return r.value;
  }
}
