import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test-support/app.js';
import { DIALECTS, postgresAvailable } from '../../../test-support/stores.js';
import { TEST_ROLES, userWithRole, type TestRole } from '../../../test-support/users.js';
import { routesOf } from '../../../app.js';

const pgUp = await postgresAvailable();

/** What each role gets from each route: the status, and for refusals the stable code. */
type Expect = number | [number, string];
interface Case {
  name: string;
  request: (ctx: Ctx) => Promise<InjectOptions> | InjectOptions;
  expect: Record<TestRole, Expect>;
}
interface Ctx {
  t: TestApp;
  storyId: string;
  /** A fresh comment by a plain commenter (not the actor). */
  othersComment: () => Promise<string>;
  /** A fresh commenter the actor acts on. */
  target: () => Promise<string>;
  /** The author record (workspace id) of a fresh comment. */
  authorOf: () => Promise<string>;
}

const ANON_401: [number, string] = [401, 'UNAUTHENTICATED'];
const FORBID: [number, string] = [403, 'FORBIDDEN'];
const ESCALATE: [number, string] = [403, 'ROLE_ESCALATION'];

const CASES: Case[] = [
  {
    name: 'POST a comment',
    request: ({ storyId }) => ({ method: 'POST', url: `/api/v1/stories/${storyId}/comments`, payload: { body: 'hello', author: { name: 'Guest' } } }),
    expect: { anonymous: 201, commenter: 201, staff: 201, moderator: 201, 'other-moderator': 201, admin: 201 },
  },
  {
    name: "PATCH another user's comment",
    request: async ({ othersComment }) => ({ method: 'PATCH', url: `/api/v1/comments/${await othersComment()}`, payload: { body: 'changed' } }),
    expect: { anonymous: [400, 'VALIDATION'], commenter: [403, 'NOT_AUTHOR'], staff: [403, 'NOT_AUTHOR'], moderator: [403, 'NOT_AUTHOR'], 'other-moderator': [403, 'NOT_AUTHOR'], admin: [403, 'NOT_AUTHOR'] },
  },
  {
    name: "DELETE another user's comment",
    request: async ({ othersComment }) => ({ method: 'DELETE', url: `/api/v1/comments/${await othersComment()}` }),
    expect: { anonymous: [400, 'VALIDATION'], commenter: [403, 'NOT_AUTHOR'], staff: [403, 'NOT_AUTHOR'], moderator: 200, 'other-moderator': [403, 'NOT_AUTHOR'], admin: 200 },
  },
  {
    name: 'GET /me',
    request: () => ({ url: '/api/v1/me' }),
    expect: { anonymous: ANON_401, commenter: 200, staff: 200, moderator: 200, 'other-moderator': 200, admin: 200 },
  },
  {
    name: 'GET /me/export',
    request: () => ({ url: '/api/v1/me/export' }),
    expect: { anonymous: ANON_401, commenter: 200, staff: 200, moderator: 200, 'other-moderator': 200, admin: 200 },
  },
  {
    name: "GET a user's standing on the site",
    request: async ({ target }) => ({ url: `/api/v1/sites/news/users/${await target()}` }),
    expect: { anonymous: ANON_401, commenter: FORBID, staff: FORBID, moderator: 200, 'other-moderator': FORBID, admin: 200 },
  },
  {
    name: 'ban a commenter on the site',
    request: async ({ target }) => ({ method: 'PATCH', url: `/api/v1/sites/news/users/${await target()}`, payload: { banned: true } }),
    expect: { anonymous: ANON_401, commenter: FORBID, staff: FORBID, moderator: 200, 'other-moderator': FORBID, admin: 200 },
  },
  {
    name: 'give a commenter the staff badge',
    request: async ({ target }) => ({ method: 'PATCH', url: `/api/v1/sites/news/users/${await target()}`, payload: { role: 'staff', badge: 'Reporter' } }),
    expect: { anonymous: ANON_401, commenter: FORBID, staff: FORBID, moderator: 200, 'other-moderator': FORBID, admin: 200 },
  },
  {
    name: 'appoint a moderator',
    request: async ({ target }) => ({ method: 'PATCH', url: `/api/v1/sites/news/users/${await target()}`, payload: { role: 'moderator' } }),
    expect: { anonymous: ANON_401, commenter: FORBID, staff: FORBID, moderator: ESCALATE, 'other-moderator': FORBID, admin: 200 },
  },
  {
    name: 'GET a user (global)',
    request: async ({ target }) => ({ url: `/api/v1/users/${await target()}` }),
    expect: { anonymous: ANON_401, commenter: FORBID, staff: FORBID, moderator: FORBID, 'other-moderator': FORBID, admin: 200 },
  },
  {
    name: 'make a user admin',
    request: async ({ target }) => ({ method: 'PATCH', url: `/api/v1/users/${await target()}`, payload: { role: 'admin' } }),
    expect: { anonymous: ANON_401, commenter: FORBID, staff: FORBID, moderator: FORBID, 'other-moderator': FORBID, admin: 200 },
  },
  {
    name: "configure the site's SSO",
    request: () => ({ method: 'PUT', url: '/api/v1/sites/news/auth', payload: { ssoSecret: 'x'.repeat(40) } }),
    expect: { anonymous: ANON_401, commenter: FORBID, staff: FORBID, moderator: FORBID, 'other-moderator': FORBID, admin: 200 },
  },
];

const MOD_ONLY: Record<TestRole, Expect> = { anonymous: ANON_401, commenter: FORBID, staff: FORBID, moderator: 200, 'other-moderator': FORBID, admin: 200 };
const ADMIN_ONLY: Record<TestRole, Expect> = { ...MOD_ONLY, moderator: FORBID };
const admin = (path: string) => `/api/v1/admin/sites/news${path}`;

/** The moderators' workspace: the site's moderators and admins only; a moderator of another site is refused. */
CASES.push(
  { name: 'workspace: counts', request: () => ({ url: admin('/counts') }), expect: MOD_ONLY },
  { name: 'workspace: a queue', request: () => ({ url: admin('/queues/pending') }), expect: MOD_ONLY },
  { name: 'workspace: one comment', request: async ({ othersComment }) => ({ url: admin(`/comments/${await othersComment()}`) }), expect: MOD_ONLY },
  {
    name: 'workspace: decide',
    request: async ({ othersComment }) => ({ method: 'POST', url: admin(`/comments/${await othersComment()}/decisions`), payload: { action: 'reject', expectedStatus: 'approved' } }),
    expect: MOD_ONLY,
  },
  {
    name: 'workspace: undo',
    request: async ({ othersComment, t }) => {
      const id = await othersComment();
      const mod = await userWithRole(t.deps, 'moderator', { siteId: 'news' });
      await t.app.inject({ method: 'POST', url: admin(`/comments/${id}/decisions`), headers: mod.headers, payload: { action: 'reject', expectedStatus: 'approved' } });
      return { method: 'POST', url: admin(`/comments/${id}/undo`) };
    },
    expect: MOD_ONLY,
  },
  {
    name: 'workspace: bulk decisions',
    request: async ({ othersComment }) => ({ method: 'POST', url: admin('/decisions'), payload: { action: 'feature', items: [{ commentId: await othersComment() }] } }),
    expect: MOD_ONLY,
  },
  { name: 'workspace: audit log', request: () => ({ url: admin('/audit') }), expect: MOD_ONLY },
  { name: 'workspace: audit export', request: () => ({ url: admin('/audit/export?format=json') }), expect: MOD_ONLY },
  { name: 'workspace: search', request: () => ({ url: admin('/search?q=mine') }), expect: MOD_ONLY },
  { name: "workspace: an author's history", request: async (ctx) => ({ url: admin(`/authors/${await ctx.authorOf()}`) }), expect: MOD_ONLY },
  { name: 'workspace: a note on an author', request: async (ctx) => ({ method: 'POST', url: admin(`/authors/${await ctx.authorOf()}/notes`), payload: { body: 'watch' } }), expect: { ...MOD_ONLY, moderator: 201, admin: 201 } },
  {
    name: "workspace: an author's standing",
    request: async (ctx) => ({ method: 'PATCH', url: admin(`/authors/${await ctx.authorOf()}/standing`), payload: { premoderated: true } }),
    expect: MOD_ONLY,
  },
  { name: 'workspace: settings (read)', request: () => ({ url: admin('/settings') }), expect: MOD_ONLY },
  {
    name: 'workspace: settings (change)',
    request: () => ({ method: 'PATCH', url: admin('/settings'), payload: { moderation: { warnBeforePosting: true } } }),
    expect: { anonymous: ANON_401, commenter: FORBID, staff: FORBID, moderator: FORBID, 'other-moderator': FORBID, admin: 200 },
  },
  { name: 'workspace: stats', request: () => ({ url: admin('/stats') }), expect: MOD_ONLY },
  {
    // No such webhook: an administrator is told so; nobody else learns whether it exists.
    name: "a webhook's delivery log",
    request: () => ({ url: '/api/v1/sites/news/webhooks/nope/deliveries' }),
    expect: { anonymous: ANON_401, commenter: FORBID, staff: FORBID, moderator: FORBID, 'other-moderator': FORBID, admin: 404 },
  },
  { name: "list the site's webhooks", request: () => ({ url: '/api/v1/sites/news/webhooks' }), expect: ADMIN_ONLY },
  {
    name: 'register a webhook',
    request: () => ({ method: 'POST', url: '/api/v1/sites/news/webhooks', payload: { url: 'https://hooks.example/agora', events: ['comment.created'] } }),
    expect: { ...ADMIN_ONLY, admin: 201 },
  },
  {
    name: 'disable a webhook',
    request: async ({ t }) => {
      const owner = await userWithRole(t.deps, 'admin', { siteId: 'news' });
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/sites/news/webhooks', headers: owner.headers, payload: { url: 'https://hooks.example/d', events: ['comment.created'] } });
      return { method: 'DELETE', url: `/api/v1/sites/news/webhooks/${res.json().webhook.id as string}` };
    },
    expect: ADMIN_ONLY,
  },
  {
    name: 'workspace: the sites I moderate',
    request: () => ({ url: '/api/v1/admin/sites' }),
    expect: { anonymous: ANON_401, commenter: 200, staff: 200, moderator: 200, 'other-moderator': 200, admin: 200 },
  },
);

/**
 * Every route the app registers has an entry: a case of the matrix above, or why it needs none (open to
 * everyone by design, or acting only on the caller's own account or on a secret the caller holds). A new route
 * without an entry fails the coverage test.
 */
const OPEN = 'open to everyone by design';
const SELF = "acts only on the caller's own session or account";
const SECRET = 'authorized by a secret token in the request (tested in accounts.test.ts)';
const COVERAGE: Record<string, string> = {
  'GET /metrics': 'operators: scraped on the private network (README); no user data',
  'OPTIONS /api/*': 'CORS preflight',
  'GET /healthz': OPEN,
  'GET /readyz': OPEN,
  'GET /api/v1/sites/:siteId/stories': OPEN,
  'POST /api/v1/sites/:siteId/stories/resolve': 'open; creates a story only for a URL on one of the site origins (widget-api.test.ts)',
  'GET /api/v1/stories/:storyId': OPEN,
  'GET /api/v1/stories/:storyId/comments': OPEN,
  'POST /api/v1/stories/:storyId/comments': 'POST a comment',
  'GET /api/v1/comments/:commentId': OPEN,
  'GET /api/v1/comments/:commentId/replies': OPEN,
  'PATCH /api/v1/comments/:commentId': "PATCH another user's comment",
  'DELETE /api/v1/comments/:commentId': "DELETE another user's comment",
  'POST /api/v1/auth/signup': OPEN,
  'POST /api/v1/auth/signin': OPEN,
  'POST /api/v1/auth/signout': SELF,
  'POST /api/v1/auth/magic-link': OPEN,
  'POST /api/v1/auth/magic-link/redeem': SECRET,
  'POST /api/v1/auth/verify': SECRET,
  'POST /api/v1/auth/verify/resend': SELF,
  'POST /api/v1/auth/password-reset': OPEN,
  'POST /api/v1/auth/password-reset/complete': SECRET,
  'POST /api/v1/auth/sso': SECRET,
  'GET /api/v1/me': 'GET /me',
  'PATCH /api/v1/me': SELF,
  'POST /api/v1/me/email': SELF,
  'GET /api/v1/me/export': 'GET /me/export',
  'DELETE /api/v1/me': SELF,
  'GET /api/v1/sites/:siteId/users/:userId': "GET a user's standing on the site",
  'PATCH /api/v1/sites/:siteId/users/:userId': 'ban a commenter on the site',
  'GET /api/v1/users/:userId': 'GET a user (global)',
  'PATCH /api/v1/users/:userId': 'make a user admin',
  'PUT /api/v1/sites/:siteId/auth': "configure the site's SSO",
  'GET /api/v1/sites/:siteId/counts': OPEN,
  'POST /api/v1/sites/:siteId/embed': OPEN,
  'POST /api/v1/preview': OPEN,
  'PUT /api/v1/comments/:commentId/reaction': 'open: one reaction per reader (voter token or account)',
  'DELETE /api/v1/comments/:commentId/reaction': "open: takes back only the caller's own reaction",
  'GET /api/v1/stories/:storyId/reactions/mine': SELF,
  'POST /api/v1/comments/:commentId/reports': 'open: one report per reader',
  'GET /api/v1/stories/:storyId/events': OPEN,
  'POST /v1alpha1/comments::analyze': OPEN,
  'GET /assets/*': OPEN,
  'GET /': OPEN,
  'GET /stories/:storyId': OPEN,
  'GET /stories/:storyId/comments/:commentId': OPEN,
  'GET /feeds/stories/:file': OPEN,
  'GET /feeds/sites/:file': OPEN,
  'GET /auth/signin': OPEN,
  'POST /auth/signin': OPEN,
  'GET /auth/signup': OPEN,
  'POST /auth/signup': OPEN,
  'POST /auth/magic-link': OPEN,
  'GET /auth/magic': SECRET,
  'GET /auth/verify': SECRET,
  'POST /auth/magic': SECRET,
  'POST /auth/verify': SECRET,
  'GET /auth/forgot': OPEN,
  'POST /auth/forgot': OPEN,
  'GET /auth/reset': SECRET,
  'POST /auth/reset': SECRET,
  'GET /auth/account': SELF,
  'POST /auth/signout': SELF,
  'GET /auth/popup': SELF,
  'POST /auth/popup': SELF,
  'GET /auth/oidc/start': OPEN,
  'GET /auth/oidc/callback': SECRET,
  'GET /setup': 'one-time setup token; refused once an admin exists (accounts.test.ts)',
  'POST /setup': 'one-time setup token; refused once an admin exists (accounts.test.ts)',
  'GET /embed.js': OPEN,
  'GET /count.js': OPEN,
  'GET /widget/:file': OPEN,
  'GET /api/v1/admin/sites': 'workspace: the sites I moderate',
  'GET /api/v1/admin/sites/:siteId/counts': 'workspace: counts',
  'GET /api/v1/admin/sites/:siteId/queues/:queue': 'workspace: a queue',
  'GET /api/v1/admin/sites/:siteId/comments/:commentId': 'workspace: one comment',
  'POST /api/v1/admin/sites/:siteId/comments/:commentId/decisions': 'workspace: decide',
  'POST /api/v1/admin/sites/:siteId/comments/:commentId/undo': 'workspace: undo',
  'POST /api/v1/admin/sites/:siteId/decisions': 'workspace: bulk decisions',
  'GET /api/v1/admin/sites/:siteId/audit': 'workspace: audit log',
  'GET /api/v1/admin/sites/:siteId/audit/export': 'workspace: audit export',
  'GET /api/v1/admin/sites/:siteId/search': 'workspace: search',
  'GET /api/v1/admin/sites/:siteId/authors/:authorId': "workspace: an author's history",
  'POST /api/v1/admin/sites/:siteId/authors/:authorId/notes': 'workspace: a note on an author',
  'PATCH /api/v1/admin/sites/:siteId/authors/:authorId/standing': "workspace: an author's standing",
  'GET /api/v1/admin/sites/:siteId/settings': 'workspace: settings (read)',
  'PATCH /api/v1/admin/sites/:siteId/settings': 'workspace: settings (change)',
  'GET /api/v1/admin/sites/:siteId/stats': 'workspace: stats',
  'GET /api/v1/sites/:siteId/webhooks/:id/deliveries': "a webhook's delivery log",
  'GET /api/v1/sites/:siteId/webhooks': "list the site's webhooks",
  'POST /api/v1/sites/:siteId/webhooks': 'register a webhook',
  'DELETE /api/v1/sites/:siteId/webhooks/:id': 'disable a webhook',
  'GET /admin': 'an empty shell; its data comes from the workspace API above',
  'GET /admin/assets/:file': OPEN,
};

describe('authorization matrix covers every route', () => {
  it('has an entry for each route the app registers, and each named case exists', async () => {
    const t = await createTestApp('sqlite');
    try {
      const missing = routesOf(t.app)
        .filter((r) => !r.url.startsWith('/api/docs'))
        .map((r) => `${r.method} ${r.url}`)
        .filter((k) => !(k in COVERAGE));
      expect(missing, 'routes without an authorization entry: add a case to CASES or a reason to COVERAGE').toEqual([]);
      const names = new Set(CASES.map((c) => c.name));
      const reasons = new Set([OPEN, SELF, SECRET]);
      const dangling = Object.entries(COVERAGE).filter(([, v]) => !names.has(v) && !reasons.has(v) && !/^(open|operators|CORS|one-time|an empty shell)/.test(v));
      expect(dangling).toEqual([]);
    } finally {
      await t.close();
    }
  });
});

describe.each(DIALECTS)('authorization matrix on %s', (dialect) => {
  let t: TestApp;
  let ctx: Ctx;
  const actors = new Map<TestRole, Record<string, string>>();
  const skip = dialect === 'postgres' && !pgUp;
  beforeAll(async () => {
    if (skip) return;
    t = await createTestApp(dialect);
    await t.deps.sites.create({ id: 'news', name: 'News', origins: ['https://news.example'] });
    await t.deps.sites.create({ id: 'other', name: 'Other', origins: ['https://other.example'] });
    const story = await t.deps.stories.create({ siteId: 'news', url: 'https://news.example/a', title: 'A' });
    for (const role of TEST_ROLES) {
      actors.set(role, role === 'anonymous' ? {} : (await userWithRole(t.deps, role, { siteId: 'news', otherSiteId: 'other' })).headers);
    }
    const author = await userWithRole(t.deps, 'commenter', { siteId: 'news' });
    // Distinct bodies: the duplicate phase would reject a repeat.
    let posted = 0;
    ctx = {
      t,
      storyId: story.id,
      othersComment: async () => {
        // Stay under the per-user posting limit: each comment in its own minute.
        t.clock.advance(61_000);
        const res = await t.app.inject({ method: 'POST', url: `/api/v1/stories/${story.id}/comments`, headers: author.headers, payload: { body: `mine ${++posted}` } });
        expect(res.statusCode).toBe(201);
        return res.json().comment.id as string;
      },
      target: async () => (await userWithRole(t.deps, 'commenter', { siteId: 'news' })).user.id,
      authorOf: async () => {
        const id = await ctx.othersComment();
        return (await t.deps.moderationWorkspace.queue.get('news', id)).author.id;
      },
    };
  });
  afterAll(async () => t?.close());
  const run = skip ? it.skip : it;

  run("a moderator of another site changes nothing on this site's comments, settings or users", async () => {
    const id = await ctx.othersComment();
    const other = actors.get('other-moderator')!;
    const before = await t.deps.moderationWorkspace.queue.get('news', id);
    const settingsBefore = (await t.deps.sites.get('news')).settings;
    // Through their own site's path the comment does not exist; through this site's path they are refused.
    const viaOwn = await t.app.inject({ method: 'POST', url: `/api/v1/admin/sites/other/comments/${id}/decisions`, headers: other, payload: { action: 'reject', expectedStatus: 'approved' } });
    expect(viaOwn.statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/admin/sites/other/decisions`, headers: other, payload: { action: 'reject', items: [{ commentId: id, expectedStatus: 'approved' }] } })).json().results[0].ok).toBe(false);
    expect((await t.app.inject({ method: 'POST', url: admin(`/comments/${id}/decisions`), headers: other, payload: { action: 'reject', expectedStatus: 'approved' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'PATCH', url: admin('/settings'), headers: other, payload: { premoderation: 'all' } })).statusCode).toBeGreaterThanOrEqual(400);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/comments/${id}`, headers: other })).statusCode).toBe(403);
    const victim = await ctx.target();
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/sites/news/users/${victim}`, headers: other, payload: { banned: true } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/sites/other/users/${victim}`, headers: other, payload: { banned: true } })).statusCode).toBe(200);
    expect(await t.deps.moderationWorkspace.queue.get('news', id)).toEqual(before);
    expect((await t.deps.sites.get('news')).settings).toEqual(settingsBefore);
    expect((await t.deps.users.membership('news', victim))?.bannedAt ?? null).toBeNull();
  });

  for (const c of CASES) {
    run(c.name, async () => {
      const got: Record<string, Expect> = {};
      for (const role of TEST_ROLES) {
        const req = await c.request(ctx);
        const res = await t.app.inject({ ...req, headers: { ...req.headers, ...actors.get(role) } });
        const exp = c.expect[role];
        got[role] = typeof exp === 'number' ? res.statusCode : [res.statusCode, res.json().error?.code];
      }
      expect(got).toEqual(c.expect);
    });
  }
});
