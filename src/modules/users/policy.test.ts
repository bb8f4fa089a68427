import { describe, expect, it } from 'vitest';
import { check } from './policy.js';
import type { Actor, Membership, User } from './user.model.js';

const NOW = Date.UTC(2026, 10, 25);
const user = (over: Partial<User> = {}): User => ({
  id: 'u1', displayName: 'U', email: null, loginEmail: null, emailVerified: true, hasPassword: false, role: 'commenter',
  bannedAt: null, suspendedUntil: null, premoderated: false, createdAt: 0, ...over,
});
const member = (over: Partial<Membership> = {}): Membership => ({ siteId: 'news', role: 'commenter', badge: null, bannedAt: null, suspendedUntil: null, premoderated: false, ...over });
const actor = (u: User, sites: Membership[] = [], siteId: string | null = null): Actor => ({ kind: 'user', user: u, sites: new Map(sites.map((m) => [m.siteId, m])), session: { id: 's', kind: 'bearer', siteId } });
const post = (a: Actor, commenters: 'guests' | 'users' | 'both' = 'both') => check(a, { action: 'comment.create', siteId: 'news', commenters, now: NOW });

describe('policy', () => {
  it('standing: global and site bans, suspensions that lapse, admins exempt', () => {
    expect(post(actor(user({ bannedAt: 1 })))).toMatchObject({ ok: false, code: 'USER_BANNED' });
    expect(post(actor(user(), [member({ bannedAt: 1 })]))).toMatchObject({ ok: false, code: 'USER_BANNED' });
    expect(post(actor(user(), [member({ siteId: 'other', bannedAt: 1 })]))).toEqual({ ok: true });
    expect(post(actor(user({ suspendedUntil: NOW + 1 })))).toMatchObject({ ok: false, code: 'USER_SUSPENDED' });
    expect(post(actor(user({ suspendedUntil: NOW })))).toEqual({ ok: true });
    expect(post(actor(user({ role: 'admin', bannedAt: 1 })))).toEqual({ ok: true });
  });

  it("who may comment follows the site's choice", () => {
    expect(post({ kind: 'anonymous' }, 'users')).toMatchObject({ ok: false, code: 'SIGN_IN_REQUIRED' });
    expect(post({ kind: 'anonymous' }, 'guests')).toEqual({ ok: true });
    expect(post(actor(user()), 'users')).toEqual({ ok: true });
  });

  it('a site-scoped bearer token acts on its site only', () => {
    expect(post(actor(user(), [], 'news'))).toEqual({ ok: true });
    expect(post(actor(user(), [], 'other'))).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('moderators manage commenters and staff, never moderators, admins or themselves', () => {
    const mod = actor(user({ id: 'm' }), [member({ role: 'moderator' })]);
    const manage = (target: User, membership?: Membership, role?: 'moderator' | 'staff') =>
      check(mod, { action: 'member.manage', siteId: 'news', target: { user: target, membership }, ...(role ? { role } : {}) });
    expect(manage(user())).toEqual({ ok: true });
    expect(manage(user(), undefined, 'staff')).toEqual({ ok: true });
    expect(manage(user(), undefined, 'moderator')).toMatchObject({ code: 'ROLE_ESCALATION' });
    expect(manage(user({ id: 'm2' }), member({ role: 'moderator' }))).toMatchObject({ code: 'ROLE_ESCALATION' });
    expect(manage(user({ id: 'a', role: 'admin' }))).toMatchObject({ code: 'ROLE_ESCALATION' });
    expect(manage(user({ id: 'm' }))).toMatchObject({ code: 'ROLE_ESCALATION' });
  });
});
