import { AppError, type ErrorCode } from '../../errors.js';
import type { Actor, Membership, User } from './user.model.js';
import type { SiteRole } from './user.table.js';

/**
 * Every permission rule of Agora, in one place. Routes call `authorize` (throws) or `can` (asks); nothing else
 * decides who may do what. Standing (bans, suspensions) is read from the actor built for this request.
 */
export type Commenters = 'guests' | 'users' | 'both';

export type Action =
  | { action: 'comment.create'; siteId: string; commenters: Commenters; now: number }
  | { action: 'comment.edit'; siteId: string; authorUserId: string | null; now: number }
  | { action: 'comment.delete'; siteId: string; authorUserId: string | null }
  | { action: 'comment.moderate'; siteId: string }
  | { action: 'member.manage'; siteId: string; target: { user: User; membership: Membership | undefined }; role?: SiteRole }
  | { action: 'user.manage'; target: User }
  | { action: 'site.configure'; siteId: string };

export type Decision = { ok: true } | { ok: false; code: ErrorCode; message: string; details?: Record<string, unknown> };

const OK: Decision = { ok: true };
const deny = (code: ErrorCode, message: string, details?: Record<string, unknown>): Decision => ({ ok: false, code, message, ...(details ? { details } : {}) });

/** The role that counts on a site: a global admin outranks every site role. */
export type EffectiveRole = 'admin' | SiteRole | 'anonymous';
const RANK: Record<EffectiveRole, number> = { anonymous: 0, commenter: 1, staff: 2, moderator: 3, admin: 4 };

export function effectiveRole(actor: Actor, siteId: string): EffectiveRole {
  if (actor.kind === 'anonymous') return 'anonymous';
  if (actor.user.role === 'admin') return 'admin';
  return actor.sites.get(siteId)?.role ?? 'commenter';
}

function roleOf(user: User, membership: Membership | undefined): EffectiveRole {
  return user.role === 'admin' ? 'admin' : (membership?.role ?? 'commenter');
}

/** Banned or suspended, globally or on this site: such a user cannot post or edit. */
export function standing(user: User, membership: Membership | undefined, now: number): Decision {
  if (user.role === 'admin') return OK;
  if (user.bannedAt !== null) return deny('USER_BANNED', 'this account is banned');
  if (membership?.bannedAt != null) return deny('USER_BANNED', 'this account is banned from this site');
  const until = Math.max(user.suspendedUntil ?? 0, membership?.suspendedUntil ?? 0);
  if (until > now) return deny('USER_SUSPENDED', `this account is suspended until ${new Date(until).toISOString()}`, { until: new Date(until).toISOString() });
  return OK;
}

export function check(actor: Actor, a: Action): Decision {
  const siteRole = 'siteId' in a ? effectiveRole(actor, a.siteId) : actor.kind === 'user' && actor.user.role === 'admin' ? 'admin' : 'commenter';
  // A bearer token handed to one site's widget acts on that site only.
  if (actor.kind === 'user' && actor.session.siteId !== null && 'siteId' in a && a.siteId !== actor.session.siteId) {
    return deny('FORBIDDEN', 'this token was issued for another site');
  }
  switch (a.action) {
    case 'comment.create': {
      if (actor.kind === 'anonymous') {
        return a.commenters === 'users' ? deny('SIGN_IN_REQUIRED', 'sign in to comment on this site') : OK;
      }
      return standing(actor.user, actor.sites.get(a.siteId), a.now);
    }
    case 'comment.edit': {
      if (actor.kind === 'anonymous') return deny('SIGN_IN_REQUIRED', 'sign in, or send the edit key');
      if (a.authorUserId !== actor.user.id) return deny('NOT_AUTHOR', 'only its author can edit a comment');
      return standing(actor.user, actor.sites.get(a.siteId), a.now);
    }
    case 'comment.delete': {
      if (actor.kind === 'anonymous') return deny('SIGN_IN_REQUIRED', 'sign in, or send the edit key');
      if (a.authorUserId === actor.user.id) return OK;
      return RANK[siteRole] >= RANK.moderator ? OK : deny('NOT_AUTHOR', 'only its author or a moderator can delete a comment');
    }
    case 'comment.moderate':
      if (actor.kind === 'anonymous') return deny('UNAUTHENTICATED', 'sign in first');
      return RANK[siteRole] >= RANK.moderator ? OK : deny('FORBIDDEN', 'moderators only');
    case 'member.manage': {
      if (actor.kind === 'anonymous') return deny('UNAUTHENTICATED', 'sign in first');
      if (RANK[siteRole] < RANK.moderator) return deny('FORBIDDEN', 'moderators only');
      if (a.target.user.id === actor.user.id) return deny('ROLE_ESCALATION', 'you cannot change your own role or standing');
      if (siteRole === 'admin') return OK;
      // A moderator manages commenters and staff, and may hand out the staff badge, never the moderator role.
      if (RANK[roleOf(a.target.user, a.target.membership)] >= RANK.moderator) return deny('ROLE_ESCALATION', 'only an admin can act on a moderator or an admin');
      if (a.role === 'moderator') return deny('ROLE_ESCALATION', 'only an admin can appoint moderators');
      return OK;
    }
    case 'user.manage':
      if (actor.kind === 'anonymous') return deny('UNAUTHENTICATED', 'sign in first');
      if (actor.user.role !== 'admin') return deny('FORBIDDEN', 'admins only');
      if (a.target.id === actor.user.id) return deny('ROLE_ESCALATION', 'you cannot change your own role or standing');
      return OK;
    case 'site.configure':
      if (actor.kind === 'anonymous') return deny('UNAUTHENTICATED', 'sign in first');
      return siteRole === 'admin' ? OK : deny('FORBIDDEN', 'admins only');
  }
}

export const can = (actor: Actor, a: Action): boolean => check(actor, a).ok;

export function authorize(actor: Actor, a: Action): void {
  const d = check(actor, a);
  if (!d.ok) throw new AppError(d.code, d.message, d.details);
}
