import type { Db } from '../../db/database.js';
import type { NewSiteRow, SiteRow, SiteUpdate } from './site.table.js';

export class SiteRepository {
  constructor(private readonly db: Db) {}

  findById(id: string): Promise<SiteRow | undefined> {
    return this.db.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst();
  }

  list(): Promise<SiteRow[]> {
    return this.db.selectFrom('sites').selectAll().orderBy('created_at').orderBy('id').execute();
  }

  async insert(row: NewSiteRow): Promise<void> {
    await this.db.insertInto('sites').values(row).execute();
  }

  async update(id: string, patch: SiteUpdate): Promise<void> {
    await this.db.updateTable('sites').set(patch).where('id', '=', id).execute();
  }

  async count(): Promise<number> {
    const r = await this.db.selectFrom('sites').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
