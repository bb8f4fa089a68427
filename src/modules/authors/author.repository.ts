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
