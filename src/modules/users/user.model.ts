import type { GlobalRole, SiteMemberRow, SiteRole, UserRow } from './user.table.js';

/** A user as the rest of Agora sees one (rows converted: flags to booleans). */
export interface User {
  id: string;
  displayName: string;
  email: string | null;
  loginEmail: string | null;
  emailVerified: boolean;
  hasPassword: boolean;
  role: GlobalRole;
  bannedAt: number | null;
  suspendedUntil: number | null;
  premoderated: boolean;
  createdAt: number;
}

export interface Membership {
  siteId: string;
  role: SiteRole;
  badge: string | null;
  bannedAt: number | null;
  suspendedUntil: number | null;
  premoderated: boolean;
}

/** Who is making a request. Built per request from the session, so bans and role changes apply at once. */
export type Actor =
  | { kind: 'anonymous' }
  | { kind: 'user'; user: User; sites: ReadonlyMap<string, Membership>; session: { id: string; kind: 'cookie' | 'bearer'; siteId: string | null } };

export const ANONYMOUS: Actor = Object.freeze({ kind: 'anonymous' });

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    displayName: row.display_name,
    email: row.email,
    loginEmail: row.login_email,
    emailVerified: row.email_verified_at !== null,
    hasPassword: row.password_hash !== null,
    role: row.role === 'admin' ? 'admin' : 'commenter',
    bannedAt: row.banned_at === null ? null : Number(row.banned_at),
    suspendedUntil: row.suspended_until === null ? null : Number(row.suspended_until),
    premoderated: Number(row.premoderated) === 1,
    createdAt: Number(row.created_at),
  };
}

export function toMembership(row: SiteMemberRow): Membership {
  return {
    siteId: row.site_id,
    role: row.role,
    badge: row.badge,
    bannedAt: row.banned_at === null ? null : Number(row.banned_at),
    suspendedUntil: row.suspended_until === null ? null : Number(row.suspended_until),
    premoderated: Number(row.premoderated) === 1,
  };
}
