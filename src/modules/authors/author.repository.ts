import type { Db } from '../../db/database.js';
import type { AuthorRow, NewAuthorRow } from './author.table.js';

export class AuthorRepository {
  constructor(private readonly db: Db) {}

  findByIdentity(siteId: string, name: string, emailKey: string): Promise<AuthorRow | undefined> {
    return this.db
      .selectFrom('authors')
      .selectAll()
      .where('site_id', '=', siteId)
      .where('name', '=', name)
      .where('email_key', '=', emailKey)
      .executeTakeFirst();
  }

  findById(id: string): Promise<AuthorRow | undefined> {
    return this.db.selectFrom('authors').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Inserts unless the identity exists (a concurrent post by the same guest), then returns the stored row. */
  async upsert(row: NewAuthorRow & { site_id: string; name: string; email_key: string }): Promise<AuthorRow> {
    await this.db
      .insertInto('authors')
      .values(row)
      .onConflict((oc) => oc.columns(['site_id', 'name', 'email_key']).doNothing())
      .execute();
    const stored = await this.findByIdentity(row.site_id, row.name, row.email_key);
    if (!stored) throw new Error('author upsert lost its row');
    return stored;
  }
}

/** Comments written through accounts: what a user's export and account deletion read. */
export class UserCommentRepository {
  constructor(private readonly db: Db) {}

  list(userId: string) {
    return this.db
      .selectFrom('comments')
      .innerJoin('authors', 'authors.id', 'comments.author_id')
      .select(['comments.id', 'comments.site_id', 'comments.story_id', 'comments.parent_id', 'comments.status', 'comments.body', 'comments.created_at', 'comments.edited_at'])
      .where('authors.user_id', '=', userId)
      .orderBy('comments.created_at')
      .execute();
  }

  /** The site and account behind a comment, for permission checks. */
  owner(commentId: string): Promise<{ site_id: string; user_id: string | null } | undefined> {
    return this.db
      .selectFrom('comments')
      .innerJoin('authors', 'authors.id', 'comments.author_id')
      .select(['comments.site_id', 'authors.user_id'])
      .where('comments.id', '=', commentId)
      .executeTakeFirst();
  }

  async renameForUser(userId: string, name: string): Promise<void> {
    await this.db.updateTable('authors').set({ name }).where('user_id', '=', userId).execute();
  }

  /** Detaches a deleted account from its author rows: the comments stay under a neutral name. */
  async anonymize(userId: string): Promise<void> {
    const rows = await this.db.selectFrom('authors').select('id').where('user_id', '=', userId).execute();
    for (const r of rows) {
      await this.db.updateTable('authors').set({ name: 'Deleted account', email: null, email_key: `deleted:${r.id}`, user_id: null }).where('id', '=', r.id).execute();
    }
  }
}

export async function findAuthorOfUser(db: Db, siteId: string, userId: string): Promise<AuthorRow | undefined> {
  return db.selectFrom('authors').selectAll().where('site_id', '=', siteId).where('user_id', '=', userId).executeTakeFirst();
}
