import type { Membership, User } from './user.model.js';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export interface MembershipView {
  siteId: string;
  role: Membership['role'];
  badge: string | null;
  banned: boolean;
  suspendedUntil: string | null;
  premoderated: boolean;
}

/** A user as they themselves or an admin see them. Password hashes never leave; fields are picked one by one. */
export interface UserView {
  id: string;
  displayName: string;
  email: string | null;
  emailVerified: boolean;
  hasPassword: boolean;
  role: User['role'];
  banned: boolean;
  suspendedUntil: string | null;
  premoderated: boolean;
  createdAt: string;
  sites: MembershipView[];
}

export function presentMembership(m: Membership): MembershipView {
  return { siteId: m.siteId, role: m.role, badge: m.badge, banned: m.bannedAt !== null, suspendedUntil: iso(m.suspendedUntil), premoderated: m.premoderated };
}

export function presentUser(user: User, memberships: Iterable<Membership> = []): UserView {
  return {
    id: user.id,
    displayName: user.displayName,
    email: user.email,
    emailVerified: user.emailVerified,
    hasPassword: user.hasPassword,
    role: user.role,
    banned: user.bannedAt !== null,
    suspendedUntil: iso(user.suspendedUntil),
    premoderated: user.premoderated,
    createdAt: iso(user.createdAt)!,
    sites: [...memberships].map(presentMembership),
  };
}
