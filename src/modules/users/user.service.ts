import type { Db } from '../../db/database.js';
import { AppError } from '../../errors.js';
import type { Clock, IdGenerator } from '../../lib/ids.js';
import { UserCommentRepository } from '../authors/author.repository.js';
import { hashPassword, validatePassword, verifyPassword } from './password.js';
import { toMembership, toUser, type Actor, type Membership, type User } from './user.model.js';
import { UserRepository } from './user.repository.js';
import type { GlobalRole, SiteRole } from './user.table.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(email: string): string {
  const e = email.trim();
  if (e.length > 254 || !EMAIL.test(e)) throw new AppError('VALIDATION', `"${email}" is not an email address`);
  return e;
}

export function normalizeDisplayName(name: string): string {
  const n = name.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!n) throw new AppError('VALIDATION', 'display name is empty');
  if (n.length > 80) throw new AppError('VALIDATION', 'display name is longer than 80 characters');
  return n;
}

/** What an admin or moderator may change about a user's standing. Null clears a ban or suspension. */
export interface StandingPatch {
  banned?: boolean;
  suspendedUntil?: number | null;
  premoderated?: boolean;
}

export class UserService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async get(id: string): Promise<User> {
    const row = await new UserRepository(this.db).findById(id);
    if (!row) throw new AppError('USER_NOT_FOUND', `No user with id "${id}"`);
    return toUser(row);
  }

  async findByLoginEmail(email: string): Promise<User | undefined> {
    const row = await new UserRepository(this.db).findByLoginEmail(email.trim());
    return row ? toUser(row) : undefined;
  }

  async memberships(userId: string): Promise<Map<string, Membership>> {
    const rows = await new UserRepository(this.db).memberships(userId);
    return new Map(rows.map((r) => [r.site_id, toMembership(r)]));
  }

  async membership(siteId: string, userId: string): Promise<Membership | undefined> {
    const row = await new UserRepository(this.db).membership(siteId, userId);
    return row ? toMembership(row) : undefined;
  }

  async actor(userId: string, session: Extract<Actor, { kind: 'user' }>['session']): Promise<Actor | undefined> {
    const row = await new UserRepository(this.db).findById(userId);
    if (!row) return undefined;
    return { kind: 'user', user: toUser(row), sites: await this.memberships(userId), session };
  }

  /** An account signed in by email: with a password, or password-less (magic link only). */
  async createLocal(input: { email: string; password?: string; displayName: string; role?: GlobalRole; verified?: boolean }): Promise<User> {
    const email = normalizeEmail(input.email);
    const displayName = normalizeDisplayName(input.displayName);
    if (input.password !== undefined) validatePassword(input.password);
    const repo = new UserRepository(this.db);
    if (await repo.findByLoginEmail(email)) throw new AppError('EMAIL_TAKEN', 'an account with that email exists already');
    const now = this.clock();
    const id = this.ids();
    try {
      await repo.insert({
        id,
        display_name: displayName,
        email,
        login_email: email.toLowerCase(),
        email_verified_at: input.verified ? now : null,
        password_hash: input.password === undefined ? null : await hashPassword(input.password),
        role: input.role ?? 'commenter',
        banned_at: null,
        suspended_until: null,
        premoderated: 0,
        created_at: now,
        updated_at: now,
      });
    } catch (err) {
      // Two sign-ups with one address at once: the unique index lets one through.
      if (await repo.findByLoginEmail(email)) throw new AppError('EMAIL_TAKEN', 'an account with that email exists already');
      throw err;
    }
    return this.get(id);
  }

  async checkPassword(email: string, password: string): Promise<User> {
    const row = await new UserRepository(this.db).findByLoginEmail(email.trim());
    const ok = await verifyPassword(row?.password_hash ?? null, password);
    if (!row || !ok) throw new AppError('INVALID_CREDENTIALS', 'wrong email or password');
    return toUser(row);
  }

  async setPassword(userId: string, password: string): Promise<void> {
    validatePassword(password);
    await new UserRepository(this.db).update(userId, { password_hash: await hashPassword(password), updated_at: this.clock() });
  }

  /** Marks the address verified; with a new address (an email change), it becomes the sign-in address. */
  async verifyEmail(userId: string, email?: string): Promise<User> {
    const repo = new UserRepository(this.db);
    const now = this.clock();
    if (email !== undefined) {
      const other = await repo.findByLoginEmail(email);
      if (other && other.id !== userId) throw new AppError('EMAIL_TAKEN', 'an account with that email exists already');
      await repo.update(userId, { email, login_email: email.toLowerCase(), email_verified_at: now, updated_at: now });
    } else {
      await repo.update(userId, { email_verified_at: now, updated_at: now });
    }
    return this.get(userId);
  }

  async setDisplayName(userId: string, name: string): Promise<User> {
    const displayName = normalizeDisplayName(name);
    await this.db.transaction().execute(async (trx) => {
      await new UserRepository(trx).update(userId, { display_name: displayName, updated_at: this.clock() });
      await new UserCommentRepository(trx).renameForUser(userId, displayName);
    });
    return this.get(userId);
  }

  /** The user behind an external identity, created on first sight and refreshed from the claims afterwards. */
  async upsertExternal(input: { provider: string; subject: string; email: string | null; displayName: string }): Promise<User> {
    const repo = new UserRepository(this.db);
    const displayName = normalizeDisplayName(input.displayName);
    const email = input.email && EMAIL.test(input.email) ? input.email : null;
    const now = this.clock();
    const existing = await repo.findByIdentity(input.provider, input.subject);
    if (existing) {
      if (existing.display_name !== displayName) await this.setDisplayName(existing.id, displayName);
      if (existing.email !== email) await repo.update(existing.id, { email, updated_at: now });
      return this.get(existing.id);
    }
    const id = this.ids();
    await this.db.transaction().execute(async (trx) => {
      const r = new UserRepository(trx);
      await r.insert({ id, display_name: displayName, email, login_email: null, email_verified_at: null, password_hash: null, role: 'commenter', banned_at: null, suspended_until: null, premoderated: 0, created_at: now, updated_at: now });
      await r.linkIdentity({ provider: input.provider, subject: input.subject, user_id: id, created_at: now });
    });
    return this.get(id);
  }

  async setGlobal(userId: string, patch: StandingPatch & { role?: GlobalRole }): Promise<User> {
    const user = await this.get(userId);
    const repo = new UserRepository(this.db);
    if (patch.role === 'commenter' && user.role === 'admin' && (await repo.countAdmins()) <= 1) {
      throw new AppError('CONFLICT', 'the last admin cannot be demoted');
    }
    const now = this.clock();
    await repo.update(userId, {
      ...(patch.role ? { role: patch.role } : {}),
      ...(patch.banned !== undefined ? { banned_at: patch.banned ? (user.bannedAt ?? now) : null } : {}),
      ...(patch.suspendedUntil !== undefined ? { suspended_until: patch.suspendedUntil } : {}),
      ...(patch.premoderated !== undefined ? { premoderated: patch.premoderated ? 1 : 0 } : {}),
      updated_at: now,
    });
    return this.get(userId);
  }

  async setMembership(siteId: string, userId: string, patch: StandingPatch & { role?: SiteRole; badge?: string | null }): Promise<Membership> {
    const current = await this.membership(siteId, userId);
    const now = this.clock();
    await new UserRepository(this.db).upsertMembership(siteId, userId, {
      ...(patch.role ? { role: patch.role } : {}),
      ...(patch.badge !== undefined ? { badge: patch.badge } : {}),
      ...(patch.banned !== undefined ? { banned_at: patch.banned ? (current?.bannedAt ?? now) : null } : {}),
      ...(patch.suspendedUntil !== undefined ? { suspended_until: patch.suspendedUntil } : {}),
      ...(patch.premoderated !== undefined ? { premoderated: patch.premoderated ? 1 : 0 } : {}),
      updated_at: now,
    });
    return (await this.membership(siteId, userId))!;
  }

  async countAdmins(): Promise<number> {
    return new UserRepository(this.db).countAdmins();
  }

  /** Everything Agora holds about a user, for "download my data". */
  async exportData(userId: string) {
    const user = await this.get(userId);
    const memberships = [...(await this.memberships(userId)).values()];
    const comments = await new UserCommentRepository(this.db).list(userId);
    return { user, memberships, comments };
  }

  /** Removes the account. Its author rows are detached first; the caller removes comments where a site asks. */
  async deleteAccount(userId: string): Promise<void> {
    const user = await this.get(userId);
    if (user.role === 'admin' && (await this.countAdmins()) <= 1) throw new AppError('CONFLICT', 'the last admin cannot delete their account');
    await this.db.transaction().execute(async (trx) => {
      await new UserCommentRepository(trx).anonymize(userId);
      await new UserRepository(trx).delete(userId);
    });
  }
}
