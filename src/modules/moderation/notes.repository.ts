import type { Db } from '../../db/database.js';
import type { CommentStatus } from '../comments/comment.table.js';
import type { ModeratorNoteRow } from './moderation.table.js';

/** Moderators' notes about an author, and the author's history on a site. */
export class NoteRepository {
  constructor(private readonly db: Db) {}

  async insert(row: ModeratorNoteRow): Promise<void> {
    await this.db.insertInto('moderator_notes').values(row).execute();
  }

  async list(authorId: string): Promise<Array<ModeratorNoteRow & { moderator_name: string | null }>> {
    const rows = await this.db
      .selectFrom('moderator_notes')
      .leftJoin('users', 'users.id', 'moderator_notes.moderator_id')
      .selectAll('moderator_notes')
      .select('users.display_name as moderator_name')
      .where('moderator_notes.author_id', '=', authorId)
      .orderBy('moderator_notes.created_at', 'desc')
      .orderBy('moderator_notes.id', 'desc')
      .execute();
    return rows.map((r) => ({ ...r, created_at: Number(r.created_at) }));
  }

  findAuthor(id: string) {
    return this.db.selectFrom('authors').select(['id', 'site_id', 'name', 'user_id', 'created_at']).where('id', '=', id).executeTakeFirst();
  }

  async statusCounts(authorId: string): Promise<Record<CommentStatus, number>> {
    const rows = await this.db
      .selectFrom('comments')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('author_id', '=', authorId)
      .groupBy('status')
      .execute();
    const out: Record<CommentStatus, number> = { approved: 0, pending: 0, rejected: 0, deleted: 0 };
    for (const r of rows) out[r.status] = Number(r.n);
    return out;
  }

  /** The author's latest comments, newest first. */
  recentCommentIds(authorId: string, limit: number) {
    return this.db
      .selectFrom('comments')
      .select('id')
      .where('author_id', '=', authorId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute()
      .then((rows) => rows.map((r) => r.id));
  }
}
