import type { Selectable } from 'kysely';

export type SessionKind = 'cookie' | 'bearer';

/** A signed-in session. Only the sha256 of its token is stored, so a leaked table cannot be replayed. */
export interface SessionTable {
  id: string;
  token_hash: string;
  user_id: string;
  kind: SessionKind;
  /** Bearer tokens handed to a site's widget are scoped to that site. */
  site_id: string | null;
  created_at: number;
  expires_at: number;
}
export type SessionRow = Selectable<SessionTable>;

export const AUTH_TOKEN_KINDS = ['magic', 'verify', 'reset', 'setup', 'sso_jti', 'oidc_state'] as const;
export type AuthTokenKind = (typeof AUTH_TOKEN_KINDS)[number];

/** A one-time secret: usable once, before it expires. */
export interface AuthTokenTable {
  token_hash: string;
  kind: AuthTokenKind;
  user_id: string | null;
  email: string | null;
  /** JSON for the kind's extra fields (e.g. the address an email change verifies). */
  data: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}
export type AuthTokenRow = Selectable<AuthTokenTable>;

export interface SiteAuthTable {
  site_id: string;
  /** HS256 shared secret for SSO tokens. */
  sso_secret: string | null;
  /** Where the site publishes its RS256/ES256 public keys. */
  sso_jwks_url: string | null;
  oidc_issuer: string | null;
  oidc_client_id: string | null;
  oidc_client_secret: string | null;
  updated_at: number;
}
export type SiteAuthRow = Selectable<SiteAuthTable>;
