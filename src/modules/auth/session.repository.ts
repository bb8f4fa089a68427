import type { Db } from '../../db/database.js';
import type { AuthTokenKind, AuthTokenRow, SessionRow, SiteAuthRow } from './auth.table.js';

export class SessionRepository {
  constructor(private readonly db: Db) {}

  async insert(row: SessionRow): Promise<void> {
    await this.db.insertInto('sessions').values(row).execute();
  }

  findByTokenHash(hash: string): Promise<SessionRow | undefined> {
    return this.db.selectFrom('sessions').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  }

  async deleteByTokenHash(hash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('token_hash', '=', hash).execute();
  }

  async deleteForUser(userId: string, exceptId?: string): Promise<number> {
    let q = this.db.deleteFrom('sessions').where('user_id', '=', userId);
    if (exceptId) q = q.where('id', '!=', exceptId);
    const r = await q.executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}

export class AuthTokenRepository {
  constructor(private readonly db: Db) {}

  /** False when the hash exists already (a replayed SSO token id). */
  async insert(row: Omit<AuthTokenRow, 'used_at'>): Promise<boolean> {
    const r = await this.db
      .insertInto('auth_tokens')
      .values({ ...row, used_at: null })
      .onConflict((oc) => oc.column('token_hash').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  find(hash: string, kind: AuthTokenKind): Promise<AuthTokenRow | undefined> {
    return this.db.selectFrom('auth_tokens').selectAll().where('token_hash', '=', hash).where('kind', '=', kind).executeTakeFirst();
  }

  /** Marks a token used; false if it was used already (two concurrent redemptions: exactly one wins). */
  async consume(hash: string, now: number): Promise<boolean> {
    const r = await this.db.updateTable('auth_tokens').set({ used_at: now }).where('token_hash', '=', hash).where('used_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async anyOfKind(kind: AuthTokenKind): Promise<boolean> {
    return !!(await this.db.selectFrom('auth_tokens').select('token_hash').where('kind', '=', kind).executeTakeFirst());
  }

  async deleteKind(kind: AuthTokenKind): Promise<void> {
    await this.db.deleteFrom('auth_tokens').where('kind', '=', kind).execute();
  }
}

export class SiteAuthRepository {
  constructor(private readonly db: Db) {}

  find(siteId: string): Promise<SiteAuthRow | undefined> {
    return this.db.selectFrom('site_auth').selectAll().where('site_id', '=', siteId).executeTakeFirst();
  }

  async upsert(row: SiteAuthRow): Promise<void> {
    const { site_id: _s, ...patch } = row;
    await this.db.insertInto('site_auth').values(row).onConflict((oc) => oc.column('site_id').doUpdateSet(patch)).execute();
  }
}
