import type { Deps } from '../deps.js';
import type { OutboxMailer } from '../mail/outbox.js';
import type { SiteRole } from '../modules/users/user.table.js';

export type TestRole = 'anonymous' | 'commenter' | 'staff' | 'moderator' | 'other-moderator' | 'admin';
export const TEST_ROLES: TestRole[] = ['anonymous', 'commenter', 'staff', 'moderator', 'other-moderator', 'admin'];

let seq = 0;

/**
 * A verified, password-less user with a role (on `siteId`, or on `otherSiteId` for 'other-moderator'), and a
 * session token for it. Skips argon2 so a matrix of roles stays fast.
 */
export async function userWithRole(deps: Deps, role: Exclude<TestRole, 'anonymous'>, opts: { siteId: string; otherSiteId?: string; kind?: 'bearer' | 'cookie' }) {
  seq += 1;
  const user = await deps.users.createLocal({ email: `${role}-${seq}@example.org`, displayName: `${role} ${seq}`, verified: true, ...(role === 'admin' ? { role: 'admin' as const } : {}) });
  const siteRole: SiteRole | null = role === 'staff' ? 'staff' : role === 'moderator' || role === 'other-moderator' ? 'moderator' : null;
  if (siteRole) await deps.users.setMembership(role === 'other-moderator' ? (opts.otherSiteId ?? 'other') : opts.siteId, user.id, { role: siteRole });
  const session = await deps.sessions.create(user.id, opts.kind ?? 'bearer');
  const headers: Record<string, string> = opts.kind === 'cookie' ? { cookie: `agora_session=${session.token}`, origin: deps.config.publicUrl } : { authorization: `Bearer ${session.token}` };
  return { user, token: session.token, headers };
}

/** The first URL in the newest mail to an address (sign-in, verification and reset links). */
export function linkIn(deps: Deps, to: string): { url: string; token: string } {
  const mail = (deps.mailer as OutboxMailer).lastTo(to);
  const url = mail?.text.match(/https?:\/\/\S+/)?.[0];
  if (!url) throw new Error(`no link mailed to ${to}`);
  return { url, token: new URL(url).searchParams.get('token') ?? '' };
}
