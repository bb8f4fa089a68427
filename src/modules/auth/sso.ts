import { createRemoteJWKSet, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { Db } from '../../db/database.js';
import { AppError } from '../../errors.js';
import type { Clock } from '../../lib/ids.js';
import type { User } from '../users/user.model.js';
import type { UserService } from '../users/user.service.js';
import { SITE_ROLES, type SiteRole } from '../users/user.table.js';
import type { SiteAuthRow } from './auth.table.js';
import { SiteAuthRepository } from './session.repository.js';
import { OneTimeTokens } from './tokens.js';

/** Longest lifetime Agora accepts for an SSO token: it is a hand-off, not a session. */
const MAX_AGE_S = 10 * 60;

export interface SiteAuthSettings {
  ssoSecret: string | null;
  ssoJwksUrl: string | null;
  oidcIssuer: string | null;
  oidcClientId: string | null;
  oidcClientSecret: string | null;
}

/** What a site asserts about its reader (Coral-style SSO). */
export interface SsoClaims {
  id: string;
  email: string | null;
  name: string;
  role: SiteRole | null;
  badge: string | null;
}

function mapJoseError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof joseErrors.JWTExpired) return new AppError('TOKEN_EXPIRED', 'the SSO token has expired');
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return new AppError('INVALID_TOKEN', 'the SSO token signature does not verify');
  if (err instanceof joseErrors.JWTClaimValidationFailed) return new AppError('INVALID_TOKEN', `the SSO token is not acceptable: ${err.message}`);
  if (err instanceof joseErrors.JOSEError) return new AppError('INVALID_TOKEN', `the SSO token is malformed or unverifiable (${err.code})`);
  return new AppError('INVALID_TOKEN', 'the SSO token is malformed');
}

/** Reads the reader out of a verified payload: sub (or user.id), name, optional email, role, badge. */
export function claimsOf(payload: JWTPayload): SsoClaims {
  const nested = (payload.user && typeof payload.user === 'object' ? payload.user : {}) as Record<string, unknown>;
  const pick = (k: string): unknown => payload[k] ?? nested[k];
  const id = payload.sub ?? nested.id;
  const name = pick('name') ?? pick('username');
  if (typeof id !== 'string' || !id || id.length > 200) throw new AppError('INVALID_TOKEN', 'the SSO token has no user id (sub)');
  if (typeof name !== 'string' || !name.trim()) throw new AppError('INVALID_TOKEN', 'the SSO token has no display name (name)');
  const role = pick('role');
  if (role !== undefined && role !== null && !(SITE_ROLES as readonly unknown[]).includes(role)) {
    throw new AppError('ROLE_ESCALATION', `an SSO token can grant ${SITE_ROLES.join(', ')} on its own site, not "${String(role)}"`);
  }
  const email = pick('email');
  const badge = pick('badge');
  return {
    id,
    name,
    email: typeof email === 'string' ? email : null,
    role: (role as SiteRole | undefined) ?? null,
    badge: typeof badge === 'string' ? badge.slice(0, 40) : null,
  };
}

/**
 * Per-site sign-in secrets, and single sign-on: a news site signs a short-lived JWT about its reader (HS256 with
 * the shared secret, or RS256/ES256 with keys at its JWKS URL); Agora creates or refreshes the user.
 * SSO users are keyed by (site, sub) and never matched by email, so a site cannot take over another person's account.
 */
export class SiteAuthService {
  private readonly jwks = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  constructor(private readonly deps: { db: Db; clock: Clock; users: UserService }) {}

  async get(siteId: string): Promise<SiteAuthSettings> {
    const row = await new SiteAuthRepository(this.deps.db).find(siteId);
    return {
      ssoSecret: row?.sso_secret ?? null,
      ssoJwksUrl: row?.sso_jwks_url ?? null,
      oidcIssuer: row?.oidc_issuer ?? null,
      oidcClientId: row?.oidc_client_id ?? null,
      oidcClientSecret: row?.oidc_client_secret ?? null,
    };
  }

  async configure(siteId: string, patch: Partial<SiteAuthSettings>): Promise<SiteAuthSettings> {
    if (patch.ssoSecret && patch.ssoSecret.length < 32) throw new AppError('VALIDATION', 'the SSO secret must be at least 32 characters');
    for (const url of [patch.ssoJwksUrl, patch.oidcIssuer]) {
      if (url && !/^https?:\/\//.test(url)) throw new AppError('VALIDATION', `"${url}" is not an http(s) URL`);
    }
    const current = await this.get(siteId);
    const next = { ...current, ...patch };
    const row: SiteAuthRow = {
      site_id: siteId,
      sso_secret: next.ssoSecret,
      sso_jwks_url: next.ssoJwksUrl,
      oidc_issuer: next.oidcIssuer,
      oidc_client_id: next.oidcClientId,
      oidc_client_secret: next.oidcClientSecret,
      updated_at: this.deps.clock(),
    };
    await new SiteAuthRepository(this.deps.db).upsert(row);
    return next;
  }

  /** Verifies a site's token and returns its user, created or updated, with the site role and badge applied. */
  async exchange(siteId: string, token: string): Promise<User> {
    const settings = await this.get(siteId);
    if (!settings.ssoSecret && !settings.ssoJwksUrl) throw new AppError('SSO_NOT_CONFIGURED', `site "${siteId}" has no single sign-on`);
    let payload: JWTPayload;
    try {
      const alg = decodeProtectedHeader(token).alg;
      const options = { requiredClaims: ['exp', 'iat'], maxTokenAge: MAX_AGE_S, currentDate: new Date(this.deps.clock()) };
      if (alg === 'HS256' && settings.ssoSecret) {
        ({ payload } = await jwtVerify(token, new TextEncoder().encode(settings.ssoSecret), { ...options, algorithms: ['HS256'] }));
      } else if ((alg === 'RS256' || alg === 'ES256') && settings.ssoJwksUrl) {
        ({ payload } = await jwtVerify(token, this.keySet(settings.ssoJwksUrl), { ...options, algorithms: ['RS256', 'ES256'] }));
      } else {
        throw new AppError('INVALID_TOKEN', `this site does not accept SSO tokens signed with ${String(alg)}`);
      }
    } catch (err) {
      throw mapJoseError(err);
    }
    const claims = claimsOf(payload);
    if (typeof payload.jti === 'string') {
      const fresh = await new OneTimeTokens(this.deps.db, this.deps.clock).remember('sso_jti', `${siteId}:${payload.jti}`, MAX_AGE_S * 1000 * 2);
      if (!fresh) throw new AppError('TOKEN_USED', 'this SSO token has been used already');
    }
    const user = await this.deps.users.upsertExternal({ provider: `sso:${siteId}`, subject: claims.id, email: claims.email, displayName: claims.name });
    if (claims.role || claims.badge) {
      await this.deps.users.setMembership(siteId, user.id, { ...(claims.role ? { role: claims.role } : {}), badge: claims.badge });
    }
    return user;
  }

  private keySet(url: string) {
    let set = this.jwks.get(url);
    if (!set) {
      set = createRemoteJWKSet(new URL(url), { timeoutDuration: 5000, cooldownDuration: 30_000 });
      this.jwks.set(url, set);
    }
    return set;
  }
}
