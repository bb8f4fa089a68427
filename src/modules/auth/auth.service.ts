import type { Db } from '../../db/database.js';
import { AppError } from '../../errors.js';
import type { Clock } from '../../lib/ids.js';
import { authEmail } from '../../mail/auth-emails.js';
import type { Mailer } from '../../mail/mailer.js';
import type { User } from '../users/user.model.js';
import { validatePassword } from '../users/password.js';
import { normalizeDisplayName, normalizeEmail, type UserService } from '../users/user.service.js';
import type { SessionService } from './session.service.js';
import { AuthTokenRepository } from './session.repository.js';
import { OneTimeTokens } from './tokens.js';

const MINUTE = 60_000;
export const TTL = { magic: 15 * MINUTE, verify: 24 * 60 * MINUTE, reset: 60 * MINUTE, setup: 7 * 24 * 60 * MINUTE } as const;

/** Only paths on Agora itself may follow a sign-in: never another origin. */
export function safeNext(next: unknown): string | undefined {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) && next.length <= 1000 ? next : undefined;
}

/**
 * Account flows that prove an email address: sign-up with verification, magic-link sign-in, password reset and
 * email change. Requests that take an address answer the same whether or not an account exists.
 */
export class AuthService {
  private readonly tokens: OneTimeTokens;
  constructor(
    private readonly deps: { db: Db; clock: Clock; users: UserService; sessions: SessionService; mailer: Mailer; publicUrl: string },
  ) {
    this.tokens = new OneTimeTokens(deps.db, deps.clock);
  }

  private link(path: string, token: string): string {
    return `${this.deps.publicUrl}${path}?token=${encodeURIComponent(token)}`;
  }

  async signUp(input: { email: string; password: string; displayName: string }): Promise<User> {
    const user = await this.deps.users.createLocal(input);
    await this.sendVerification(user.id, user.email!);
    return user;
  }

  async sendVerification(userId: string, email: string): Promise<void> {
    const token = await this.tokens.issue('verify', { ttlMs: TTL.verify, userId, email });
    await this.deps.mailer.send(authEmail('verify', email, this.link('/auth/verify', token)));
  }

  async verify(token: string): Promise<User> {
    const row = await this.tokens.redeem('verify', token);
    if (!row.user_id || !row.email) throw new AppError('INVALID_TOKEN', 'this link is not valid');
    const user = await this.deps.users.get(row.user_id);
    // The link for an email change carries the new address; a sign-up link confirms the current one.
    return this.deps.users.verifyEmail(row.user_id, row.email.toLowerCase() === user.loginEmail ? undefined : row.email);
  }

  async signInWithPassword(email: string, password: string): Promise<User> {
    const user = await this.deps.users.checkPassword(email, password);
    if (user.bannedAt !== null) throw new AppError('USER_BANNED', 'this account is banned');
    return user;
  }

  /** Mails a sign-in link; for an unknown address the link creates a password-less account. */
  async requestMagicLink(emailInput: string, next?: string): Promise<void> {
    const email = normalizeEmail(emailInput);
    const user = await this.deps.users.findByLoginEmail(email);
    const n = safeNext(next);
    const token = await this.tokens.issue('magic', { ttlMs: TTL.magic, userId: user?.id ?? null, email, data: n ? { next: n } : {} });
    await this.deps.mailer.send(authEmail('magic', email, this.link('/auth/magic', token)));
  }

  async redeemMagicLink(token: string): Promise<{ user: User; next: string | undefined }> {
    const row = await this.tokens.redeem('magic', token);
    const next = safeNext(row.parsed.next);
    if (row.user_id) {
      const user = await this.deps.users.get(row.user_id);
      if (user.bannedAt !== null) throw new AppError('USER_BANNED', 'this account is banned');
      return { user: user.emailVerified ? user : await this.deps.users.verifyEmail(user.id), next };
    }
    if (!row.email) throw new AppError('INVALID_TOKEN', 'this link is not valid');
    const existing = await this.deps.users.findByLoginEmail(row.email);
    if (existing) return { user: existing, next };
    const name = row.email.split('@')[0] ?? 'reader';
    return { user: await this.deps.users.createLocal({ email: row.email, displayName: name, verified: true }), next };
  }

  async requestPasswordReset(emailInput: string): Promise<void> {
    const email = normalizeEmail(emailInput);
    const user = await this.deps.users.findByLoginEmail(email);
    if (!user) return;
    const token = await this.tokens.issue('reset', { ttlMs: TTL.reset, userId: user.id, email });
    await this.deps.mailer.send(authEmail('reset', email, this.link('/auth/reset', token)));
  }

  /** Sets the new password and signs the account out everywhere, since someone else may hold a session. */
  async resetPassword(token: string, password: string): Promise<User> {
    const row = await this.tokens.redeem('reset', token);
    if (!row.user_id) throw new AppError('INVALID_TOKEN', 'this link is not valid');
    await this.deps.users.setPassword(row.user_id, password);
    await this.deps.sessions.revokeAll(row.user_id);
    const user = await this.deps.users.get(row.user_id);
    return user.emailVerified ? user : this.deps.users.verifyEmail(user.id);
  }

  /** The new address takes effect when its owner follows the link mailed to it. */
  async requestEmailChange(userId: string, emailInput: string): Promise<void> {
    const email = normalizeEmail(emailInput);
    const other = await this.deps.users.findByLoginEmail(email);
    if (other && other.id !== userId) throw new AppError('EMAIL_TAKEN', 'an account with that email exists already');
    await this.sendVerification(userId, email);
  }

  /**
   * On a store without an admin: a one-time link that lets the operator create the first one. Each start
   * replaces the previous link, so only the newest printed link works.
   */
  async firstRunSetupLink(): Promise<string | null> {
    if ((await this.deps.users.countAdmins()) > 0) return null;
    await new AuthTokenRepository(this.deps.db).deleteKind('setup');
    const token = await this.tokens.issue('setup', { ttlMs: TTL.setup });
    return this.link('/setup', token);
  }

  async completeSetup(token: string, input: { email: string; password: string; displayName: string }): Promise<User> {
    if ((await this.deps.users.countAdmins()) > 0) throw new AppError('SETUP_COMPLETE', 'an admin exists already');
    // Check the input before using up the token, so a typo does not burn the operator's only link.
    normalizeEmail(input.email);
    normalizeDisplayName(input.displayName);
    validatePassword(input.password);
    await this.tokens.redeem('setup', token);
    return this.deps.users.createLocal({ ...input, role: 'admin', verified: true });
  }
}
