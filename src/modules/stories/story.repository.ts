import type { Db } from '../../db/database.js';
import type { NewStoryRow, StoryRow, StoryUpdate } from './story.table.js';

export class StoryRepository {
  constructor(private readonly db: Db) {}

  findById(id: string): Promise<StoryRow | undefined> {
    return this.db.selectFrom('stories').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByIdentifier(siteId: string, identifier: string): Promise<StoryRow | undefined> {
    return this.db
      .selectFrom('stories')
      .selectAll()
      .where('site_id', '=', siteId)
      .where('identifier', '=', identifier)
      .executeTakeFirst();
  }

  findByUrl(siteId: string, url: string): Promise<StoryRow | undefined> {
    return this.db
      .selectFrom('stories')
      .selectAll()
      .where('site_id', '=', siteId)
      .where('url', '=', url)
      .orderBy('created_at')
      .limit(1)
      .executeTakeFirst();
  }

  /** Stories of a site whose identifier or URL is among `refs`: one query for a whole story list. */
  findByRefs(siteId: string, refs: string[]): Promise<Array<Pick<StoryRow, 'identifier' | 'url' | 'comment_count'>>> {
    if (refs.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('stories')
      .select(['identifier', 'url', 'comment_count'])
      .where('site_id', '=', siteId)
      .where((eb) => eb.or([eb('identifier', 'in', refs), eb('url', 'in', refs)]))
      .execute();
  }

  /** Newest published first; `before` is the (published_at, id) of the last story of the previous page. */
  listBySite(siteId: string, limit: number, before?: { publishedAt: number; id: string }): Promise<StoryRow[]> {
    let q = this.db.selectFrom('stories').selectAll().where('site_id', '=', siteId);
    if (before) {
      q = q.where((eb) => eb(eb.refTuple('published_at', 'id'), '<', eb.tuple(before.publishedAt, before.id)));
    }
    return q.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }

  async insert(row: NewStoryRow): Promise<void> {
    await this.db.insertInto('stories').values(row).execute();
  }

  async update(id: string, patch: StoryUpdate): Promise<void> {
    await this.db.updateTable('stories').set(patch).where('id', '=', id).execute();
  }

  async addToCommentCount(id: string, delta: number): Promise<void> {
    if (delta === 0) return;
    await this.db
      .updateTable('stories')
      .set((eb) => ({ comment_count: eb('comment_count', '+', delta) }))
      .where('id', '=', id)
      .execute();
  }
}
