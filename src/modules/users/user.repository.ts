import type { Db } from '../../db/database.js';
import type { NewUserRow, SiteMemberRow, SiteMemberUpdate, UserRow, UserUpdate } from './user.table.js';

/** Users, their external identities and their standing per site. */
export class UserRepository {
  constructor(private readonly db: Db) {}

  findById(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByLoginEmail(email: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('login_email', '=', email.toLowerCase()).executeTakeFirst();
  }

  async insert(row: NewUserRow): Promise<void> {
    await this.db.insertInto('users').values(row).execute();
  }

  async update(id: string, patch: UserUpdate): Promise<void> {
    await this.db.updateTable('users').set(patch).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('users').where('id', '=', id).execute();
  }

  async countAdmins(): Promise<number> {
    const r = await this.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('role', '=', 'admin').executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async findByIdentity(provider: string, subject: string): Promise<UserRow | undefined> {
    return this.db
      .selectFrom('user_identities')
      .innerJoin('users', 'users.id', 'user_identities.user_id')
      .selectAll('users')
      .where('user_identities.provider', '=', provider)
      .where('user_identities.subject', '=', subject)
      .executeTakeFirst();
  }

  async linkIdentity(row: { provider: string; subject: string; user_id: string; created_at: number }): Promise<void> {
    await this.db.insertInto('user_identities').values(row).execute();
  }

  memberships(userId: string): Promise<SiteMemberRow[]> {
    return this.db.selectFrom('site_members').selectAll().where('user_id', '=', userId).execute();
  }

  membership(siteId: string, userId: string): Promise<SiteMemberRow | undefined> {
    return this.db.selectFrom('site_members').selectAll().where('site_id', '=', siteId).where('user_id', '=', userId).executeTakeFirst();
  }

  /** Creates the membership with defaults if missing, then applies the patch. */
  async upsertMembership(siteId: string, userId: string, patch: SiteMemberUpdate & { updated_at: number }): Promise<void> {
    await this.db
      .insertInto('site_members')
      .values({ site_id: siteId, user_id: userId, role: 'commenter', premoderated: 0, ...patch })
      .onConflict((oc) => oc.columns(['site_id', 'user_id']).doUpdateSet(patch))
      .execute();
  }
}
