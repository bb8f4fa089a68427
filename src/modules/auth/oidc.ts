import * as client from 'openid-client';
import type { Db } from '../../db/database.js';
import { AppError } from '../../errors.js';
import type { Clock } from '../../lib/ids.js';
import type { User } from '../users/user.model.js';
import type { UserService } from '../users/user.service.js';
import { safeNext } from './auth.service.js';
import type { SiteAuthService } from './sso.js';
import { OneTimeTokens } from './tokens.js';

const STATE_TTL_MS = 10 * 60_000;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * OpenID Connect sign-in (authorization code + PKCE) against a site's identity provider. The PKCE verifier and
 * nonce wait server-side under the hash of `state`, usable once, so the callback needs no cookie.
 */
export class OidcService {
  private readonly configs = new Map<string, Promise<client.Configuration>>();
  private readonly tokens: OneTimeTokens;
  constructor(private readonly deps: { db: Db; clock: Clock; users: UserService; siteAuth: SiteAuthService; publicUrl: string }) {
    this.tokens = new OneTimeTokens(deps.db, deps.clock);
  }

  get redirectUri(): string {
    return `${this.deps.publicUrl}/auth/oidc/callback`;
  }

  private async config(siteId: string): Promise<{ config: client.Configuration; issuer: string }> {
    const s = await this.deps.siteAuth.get(siteId);
    if (!s.oidcIssuer || !s.oidcClientId) throw new AppError('SSO_NOT_CONFIGURED', `site "${siteId}" has no OpenID Connect provider`);
    const issuer = new URL(s.oidcIssuer);
    const key = `${siteId}|${s.oidcIssuer}|${s.oidcClientId}`;
    let pending = this.configs.get(key);
    if (!pending) {
      // Plain http only for a provider on this machine (development, tests); anything else must be https.
      const insecure = issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname);
      pending = client.discovery(issuer, s.oidcClientId, s.oidcClientSecret ?? undefined, undefined, insecure ? { execute: [client.allowInsecureRequests] } : undefined);
      pending.catch(() => this.configs.delete(key));
      this.configs.set(key, pending);
    }
    return { config: await pending, issuer: s.oidcIssuer };
  }

  /** The provider URL to send the browser to. */
  async start(siteId: string, next?: string): Promise<string> {
    const { config } = await this.config(siteId);
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const n = safeNext(next);
    await this.tokens.rememberWith('oidc_state', state, STATE_TTL_MS, { siteId, verifier, nonce, ...(n ? { next: n } : {}) });
    return client
      .buildAuthorizationUrl(config, {
        redirect_uri: this.redirectUri,
        scope: 'openid email profile',
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      })
      .toString();
  }

  /** Completes sign-in from the callback URL: checks state, PKCE and nonce, then creates or updates the user. */
  async callback(currentUrl: URL): Promise<{ user: User; siteId: string; next: string | undefined }> {
    const state = currentUrl.searchParams.get('state');
    if (!state) throw new AppError('INVALID_TOKEN', 'the sign-in response has no state');
    const row = await this.tokens.redeem('oidc_state', state);
    const data = row.parsed as { siteId: string; verifier: string; nonce: string; next?: string };
    if (currentUrl.searchParams.get('error')) throw new AppError('INVALID_CREDENTIALS', `the identity provider refused: ${currentUrl.searchParams.get('error')}`);
    const { config, issuer } = await this.config(data.siteId);
    let claims: client.IDToken | client.UserInfoResponse | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(config, currentUrl, { pkceCodeVerifier: data.verifier, expectedState: state, expectedNonce: data.nonce, idTokenExpected: true });
      const idToken = tokens.claims();
      if (!idToken) throw new Error('no ID token');
      // Many providers keep profile claims out of the ID token: ask the userinfo endpoint (checked against sub).
      claims = idToken.email && idToken.name ? idToken : { ...idToken, ...(await client.fetchUserInfo(config, tokens.access_token, idToken.sub)) };
    } catch (err) {
      throw new AppError('INVALID_TOKEN', `the identity provider's answer did not verify: ${(err as Error).message}`);
    }
    const email = typeof claims.email === 'string' ? claims.email : null;
    const name = [claims.name, claims.preferred_username, email?.split('@')[0], 'reader'].find((v): v is string => typeof v === 'string' && v.trim() !== '')!;
    const user = await this.deps.users.upsertExternal({ provider: `oidc:${issuer}`, subject: claims.sub, email, displayName: name });
    return { user, siteId: data.siteId, next: safeNext(data.next) };
  }
}
