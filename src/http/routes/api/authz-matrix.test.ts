import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test-support/app.js';
import { DIALECTS, postgresAvailable } from '../../../test-support/stores.js';
import { TEST_ROLES, userWithRole, type TestRole } from '../../../test-support/users.js';

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
    ctx = {
      t,
      storyId: story.id,
      othersComment: async () => {
        // Stay under the per-user posting limit: each comment in its own minute.
        t.clock.advance(61_000);
        const res = await t.app.inject({ method: 'POST', url: `/api/v1/stories/${story.id}/comments`, headers: author.headers, payload: { body: 'mine' } });
        expect(res.statusCode).toBe(201);
        return res.json().comment.id as string;
      },
      target: async () => (await userWithRole(t.deps, 'commenter', { siteId: 'news' })).user.id,
    };
  });
  afterAll(async () => t?.close());
  const run = skip ? it.skip : it;

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
