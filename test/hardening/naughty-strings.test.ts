import type { RouteEntry } from '../../src/app.js';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../src/test-support/app.js';
import { postgresAvailable } from '../../src/test-support/stores.js';
import { userWithRole } from '../../src/test-support/users.js';
import { agoraRoutes, buildRequest, expectClientSafe, naughtyStrings, routeKey, sample, sendableHeader, slotName, stringSlots, type Slot } from './support.js';

/**
 * Every route, every string field (path params, query, the headers it reads, JSON body fields), the Big List of
 * Naughty Strings, as a guest, a commenter and an admin: never a 5xx, a JSON 4xx always {error:{code,message}},
 * and what was stored before (and what the run itself stored) reads back unchanged.
 */
const pgUp = await postgresAvailable();
const ALL = naughtyStrings();
const ACTORS = ['anonymous', 'commenter', 'admin'] as const;

/** The routes a reader's widget and the article pages use get the whole list; the rest a sample. */
const isMainRoute = (r: RouteEntry) => /^\/api\/v1\/(stories|comments|sites\/:siteId\/(stories|embed|counts))/.test(r.url) || /^\/stories\//.test(r.url);

interface Known {
  id: string;
  html: string;
}

async function fuzz(dialect: 'sqlite' | 'postgres', budget: { main: number; rest: number }) {
  const t: TestApp = await createTestApp(dialect);
  try {
    // Limits out of the way, so the strings reach storage instead of stopping at 429.
    const rateLimits = { postsPerMinutePerIp: 1e9, postsPerMinutePerUser: 1e9, signInsPer15MinPerIp: 1e9, signUpsPerHourPerIp: 1e9 };
    await t.deps.sites.create({ id: 'news', name: 'News', origins: ['https://news.example'], settings: { rateLimits } });
    const story = await t.deps.stories.create({ siteId: 'news', url: 'https://news.example/a', title: 'A story' });
    const actors: Record<(typeof ACTORS)[number], Record<string, string>> = {
      anonymous: {},
      commenter: (await userWithRole(t.deps, 'commenter', { siteId: 'news' })).headers,
      admin: (await userWithRole(t.deps, 'admin', { siteId: 'news' })).headers,
    };
    const target = await userWithRole(t.deps, 'commenter', { siteId: 'news' });

    // Known comments, some of them naughty themselves: read back through the thread API after the run.
    const known: Known[] = [];
    for (const body of ['A plain comment', ...sample(ALL, 8).filter((s) => s.trim())]) {
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/stories/${story.id}/comments`, payload: { body, author: { name: 'Known' }, warning: 'acknowledged' } });
      expect(res.statusCode).toBe(201);
      known.push({ id: res.json().comment.id, html: res.json().comment.html });
    }
    const victim = (await t.deps.comments.create({ storyId: story.id, body: 'the comment routes act on', author: { name: 'Victim' } })).comment;
    const authorId = (await t.app.inject({ url: `/api/v1/admin/sites/news/comments/${victim.id}`, headers: actors.admin })).json().item.author.id as string;
    const named: Record<string, unknown> = {
      siteId: 'news',
      storyId: story.id,
      commentId: victim.id,
      userId: target.user.id,
      authorId,
      queue: 'pending',
      file: 'embed.js',
      body: 'a fuzzed comment',
      author: { name: 'Fuzz' },
      url: 'https://news.example/fuzz',
      ids: ['https://news.example/a'],
      site: 'news',
    };

    const stored: Known[] = [];
    const routes = agoraRoutes(t.app);
    let requests = 0;
    for (const route of routes) {
      const strings = sample(ALL, isMainRoute(route) ? budget.main : budget.rest);
      // An event stream on a real story never ends: its fields are tried against an unknown one.
      const names = route.url.endsWith('/events') ? { ...named, storyId: 'no-such-story' } : named;
      for (const slot of stringSlots(route)) {
        for (const [i, value] of strings.entries()) {
          if (slot.in === 'headers' && !sendableHeader(value)) continue;
          const who = ACTORS[i % ACTORS.length]!;
          const v = slot.in === 'headers' && slot.name === 'authorization' && i % 2 ? `Bearer ${value}` : value;
          const req = buildRequest({ route, named: names, actor: actors[who], slot: slot as Slot, value: v });
          const res = await t.app.inject(req);
          requests++;
          expectClientSafe(res, `${routeKey(route)} ${slotName(slot)}=${JSON.stringify(v)} as ${who}`);
          if (res.statusCode === 201 && route.url === '/api/v1/stories/:storyId/comments' && res.json().comment.status === 'approved') {
            stored.push({ id: res.json().comment.id, html: res.json().comment.html });
          }
        }
      }
    }

    // Nothing stored was corrupted: the known comments are listed with the same HTML, and every approved
    // comment the run posted reads back as it was answered.
    const thread = await t.app.inject({ url: `/api/v1/stories/${story.id}/comments?sort=oldest&limit=100` });
    expect(thread.statusCode).toBe(200);
    const listed = new Map<string, string>((thread.json().comments as Known[]).map((c) => [c.id, c.html]));
    for (const k of known) expect(listed.get(k.id), `known comment ${k.id}`).toBe(k.html);
    expect((await t.app.inject({ url: `/api/v1/comments/${victim.id}` })).json().comment.html).toBe(victim.html);
    for (const s of stored) {
      const got = await t.app.inject({ url: `/api/v1/comments/${s.id}` });
      if (got.statusCode === 200) expect(got.json().comment.html).toBe(s.html);
    }
    return { routes: routes.length, requests, stored: stored.length };
  } finally {
    await t.close();
  }
}

describe('naughty strings in every field of every route', () => {
  let onSqlite: Awaited<ReturnType<typeof fuzz>>;
  afterAll(() => {
    if (onSqlite) console.info(`[naughty] sqlite: ${onSqlite.routes} routes, ${onSqlite.requests} requests, ${onSqlite.stored} comments stored and read back`);
  });

  it('on SQLite: all 515 strings on the comment and story routes, 60 on the rest', { timeout: 120_000 }, async () => {
    onSqlite = await fuzz('sqlite', { main: ALL.length, rest: 60 });
    expect(onSqlite.routes).toBeGreaterThan(60);
  });

  it.skipIf(!pgUp)('on PostgreSQL: a sample of 25 strings on the main routes, 10 on the rest', { timeout: 120_000 }, async () => {
    const r = await fuzz('postgres', { main: 25, rest: 10 });
    console.info(`[naughty] postgres: ${r.routes} routes, ${r.requests} requests`);
  });
});
