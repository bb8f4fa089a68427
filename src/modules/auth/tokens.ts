import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { AppError } from '../../errors.js';
import type { Clock } from '../../lib/ids.js';
import type { AuthTokenKind, AuthTokenRow } from './auth.table.js';
import { AuthTokenRepository } from './session.repository.js';

/** 256 random bits, URL-safe: session tokens and one-time secrets alike. */
export const newSecret = (): string => randomBytes(32).toString('base64url');
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** One-time secrets (magic links, verification, reset, setup): only their hash is stored, each works once. */
export class OneTimeTokens {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async issue(kind: AuthTokenKind, opts: { ttlMs: number; userId?: string | null; email?: string | null; data?: Record<string, unknown> }): Promise<string> {
    const secret = newSecret();
    const now = this.clock();
    await new AuthTokenRepository(this.db).insert({
      token_hash: sha256(secret),
      kind,
      user_id: opts.userId ?? null,
      email: opts.email ?? null,
      data: JSON.stringify(opts.data ?? {}),
      created_at: now,
      expires_at: now + opts.ttlMs,
    });
    return secret;
  }

  /** Checks and uses up a secret; a second use, an expired or unknown one each fail with their own code. */
  async redeem(kind: AuthTokenKind, secret: string): Promise<AuthTokenRow & { parsed: Record<string, unknown> }> {
    const repo = new AuthTokenRepository(this.db);
    const hash = sha256(secret);
    const row = await repo.find(hash, kind);
    if (!row) throw new AppError('INVALID_TOKEN', 'this link or token is not valid');
    if (row.used_at !== null) throw new AppError('TOKEN_USED', 'this link has been used already');
    const now = this.clock();
    if (Number(row.expires_at) <= now) throw new AppError('TOKEN_EXPIRED', 'this link has expired; ask for a new one');
    if (!(await repo.consume(hash, now))) throw new AppError('TOKEN_USED', 'this link has been used already');
    return { ...row, parsed: JSON.parse(row.data) as Record<string, unknown> };
  }

  /** Stores data under a caller-chosen secret (OIDC state), redeemable once like any other token. */
  async rememberWith(kind: AuthTokenKind, secret: string, ttlMs: number, data: Record<string, unknown>): Promise<void> {
    const now = this.clock();
    await new AuthTokenRepository(this.db).insert({ token_hash: sha256(secret), kind, user_id: null, email: null, data: JSON.stringify(data), created_at: now, expires_at: now + ttlMs });
  }

  /** Records a value as seen (an SSO token's jti); false when it was seen before. */
  async remember(kind: AuthTokenKind, value: string, ttlMs: number): Promise<boolean> {
    const now = this.clock();
    return new AuthTokenRepository(this.db).insert({ token_hash: sha256(value), kind, user_id: null, email: null, data: '{}', created_at: now, expires_at: now + ttlMs });
  }
}
