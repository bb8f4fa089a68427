import type { Insertable, Selectable, Updateable } from 'kysely';

export const GLOBAL_ROLES = ['admin', 'commenter'] as const;
export type GlobalRole = (typeof GLOBAL_ROLES)[number];
export const SITE_ROLES = ['moderator', 'staff', 'commenter'] as const;
export type SiteRole = (typeof SITE_ROLES)[number];

export interface UserTable {
  id: string;
  display_name: string;
  /** Contact address (verified or asserted by SSO); never shown to other readers. */
  email: string | null;
  /** Lower-cased address for password and magic-link sign-in; null for SSO/OIDC-only users. */
  login_email: string | null;
  email_verified_at: number | null;
  /** argon2id PHC string. */
  password_hash: string | null;
  role: GlobalRole;
  banned_at: number | null;
  suspended_until: number | null;
  /** 0/1: every comment waits for a moderator, on every site. */
  premoderated: number;
  created_at: number;
  updated_at: number;
}
export type UserRow = Selectable<UserTable>;
export type NewUserRow = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;

/** An external identity (a site's SSO, an OIDC issuer) linked to a user. */
export interface UserIdentityTable {
  /** "sso:<siteId>" or "oidc:<issuer>". */
  provider: string;
  subject: string;
  user_id: string;
  created_at: number;
}
export type UserIdentityRow = Selectable<UserIdentityTable>;

/** A user's standing on one site: role, badge and site-level restrictions. */
export interface SiteMemberTable {
  site_id: string;
  user_id: string;
  role: SiteRole;
  badge: string | null;
  banned_at: number | null;
  suspended_until: number | null;
  premoderated: number;
  updated_at: number;
}
export type SiteMemberRow = Selectable<SiteMemberTable>;
export type SiteMemberUpdate = Updateable<SiteMemberTable>;
