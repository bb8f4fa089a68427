import type { Db } from '../../db/database.js';
import { AppError } from '../../errors.js';
import type { Clock, IdGenerator } from '../../lib/ids.js';
import type { Actor } from '../users/user.model.js';
import type { UserService } from '../users/user.service.js';
import type { SessionKind } from './auth.table.js';
import { SessionRepository } from './session.repository.js';
import { newSecret, sha256 } from './tokens.js';

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

/**
 * Server-side sessions: the client holds a random token, the store holds its hash. Every request reads the
 * session and the user afresh, so a sign-out, a ban or a role change applies to the very next request.
 */
export class SessionService {
  constructor(
    private readonly deps: { db: Db; clock: Clock; ids: IdGenerator; users: UserService },
  ) {}

  async create(userId: string, kind: SessionKind, siteId: string | null = null): Promise<{ token: string; expiresAt: number }> {
    const token = newSecret();
    const now = this.deps.clock();
    const expiresAt = now + SESSION_TTL_MS;
    await new SessionRepository(this.deps.db).insert({ id: this.deps.ids(), token_hash: sha256(token), user_id: userId, kind, site_id: siteId, created_at: now, expires_at: expiresAt });
    return { token, expiresAt };
  }

  /** The actor a token stands for; throws INVALID_TOKEN / TOKEN_EXPIRED for a token that is no longer good. */
  async resolve(token: string, kind: SessionKind): Promise<Actor> {
    const repo = new SessionRepository(this.deps.db);
    const row = await repo.findByTokenHash(sha256(token));
    if (!row || row.kind !== kind) throw new AppError('INVALID_TOKEN', 'not signed in: the session token is unknown or was revoked');
    if (Number(row.expires_at) <= this.deps.clock()) {
      await repo.deleteByTokenHash(row.token_hash);
      throw new AppError('TOKEN_EXPIRED', 'the session has expired; sign in again');
    }
    const actor = await this.deps.users.actor(row.user_id, { id: row.id, kind: row.kind, siteId: row.site_id });
    if (!actor) throw new AppError('INVALID_TOKEN', 'not signed in: the account no longer exists');
    return actor;
  }

  async revoke(token: string): Promise<void> {
    await new SessionRepository(this.deps.db).deleteByTokenHash(sha256(token));
  }

  /** Signs a user out everywhere (after a password reset, a global ban, account deletion). */
  async revokeAll(userId: string, exceptSessionId?: string): Promise<number> {
    return new SessionRepository(this.deps.db).deleteForUser(userId, exceptSessionId);
  }
}
