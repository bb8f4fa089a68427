import type { Db } from '../db/database.js';

/** The few queries importers need beyond the services. */
export class ImportRepository {
  constructor(private readonly db: Db) {}

  async commentIdByImportKey(siteId: string, importKey: string): Promise<{ id: string; story_id: string } | undefined> {
    return this.db
      .selectFrom('comments')
      .select(['id', 'story_id'])
      .where('site_id', '=', siteId)
      .where('import_key', '=', importKey)
      .executeTakeFirst();
  }

  async commentById(id: string): Promise<{ id: string; story_id: string } | undefined> {
    return this.db.selectFrom('comments').select(['id', 'story_id']).where('id', '=', id).executeTakeFirst();
  }

  /**
   * Removes deleted comments of this import that nothing replies to: other systems keep every deleted comment,
   * Agora keeps only the tombstones that hold replies in place. Returns how many went.
   */
  async dropChildlessDeleted(siteId: string, importKeyPrefix: string): Promise<number> {
    const r = await this.db
      .deleteFrom('comments')
      .where('site_id', '=', siteId)
      .where('status', '=', 'deleted')
      .where('import_key', 'like', `${importKeyPrefix}%`)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('comments as child').select('child.id').whereRef('child.parent_id', '=', 'comments.id'))),
      )
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
