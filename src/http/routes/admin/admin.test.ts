import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test-support/app.js';
import { DIALECTS, postgresAvailable } from '../../../test-support/stores.js';

const pgUp = await postgresAvailable();

describe.each(DIALECTS)('admin API on %s', (dialect) => {
  let t: TestApp;
  let storyId: string;
  const as: Record<string, Record<string, string>> = {};
  const skip = dialect === 'postgres' && !pgUp;
  const run = skip ? it.skip : it;

  async function signIn(name: string, opts: { site?: string; role?: 'moderator'; admin?: boolean } = {}) {
    const user = await t.deps.users.createLocal({ email: `${name}@example.org`, displayName: name, verified: true, ...(opts.admin ? { role: 'admin' as const } : {}) });
    if (opts.role) await t.deps.users.setMembership(opts.site ?? 'news', user.id, { role: opts.role });
    const { token } = await t.deps.sessions.create(user.id, 'cookie');
    as[name] = { cookie: `agora_session=${token}`, origin: 'http://agora.test' };
  }
  const post = async (body: string) => {
    t.clock.advance(1000);
    return (await t.deps.comments.create({ storyId, body, author: { name: 'Ada' }, warning: 'acknowledged' })).comment;
  };

  beforeAll(async () => {
    if (skip) return;
    t = await createTestApp(dialect);
    await t.deps.sites.create({ id: 'news', name: 'News', origins: ['https://news.example'] });
    await t.deps.sites.create({ id: 'other', name: 'Other', origins: ['https://other.example'] });
    storyId = (await t.deps.stories.create({ siteId: 'news', url: 'https://news.example/a', title: 'A story' })).id;
    await signIn('mod', { role: 'moderator' });
    await signIn('othermod', { role: 'moderator', site: 'other' });
    await signIn('reader');
    await signIn('boss', { admin: true });
  });
  afterAll(async () => t?.close());

  run('refuses anyone but the site’s moderators and admins', async () => {
    const c = await post('idiot');
    const url = `/api/v1/admin/sites/news/queues/pending`;
    expect((await t.app.inject({ url })).statusCode).toBe(401);
    expect((await t.app.inject({ url, headers: as.reader })).statusCode).toBe(403);
    expect((await t.app.inject({ url, headers: as.othermod })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/v1/admin/sites/nope/queues/pending', headers: as.mod })).statusCode).toBe(404);
    const ok = await t.app.inject({ url, headers: as.mod });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().items.map((i: { id: string }) => i.id)).toContain(c.id);
    expect((await t.app.inject({ url, headers: as.boss })).statusCode).toBe(200);
    const decide = { method: 'POST' as const, url: `/api/v1/admin/sites/other/comments/${c.id}/decisions`, payload: { action: 'approve', expectedStatus: 'pending' } };
    expect((await t.app.inject({ ...decide, headers: as.othermod })).statusCode).toBe(404);
    expect((await t.app.inject({ ...decide, url: `/api/v1/admin/sites/news/comments/${c.id}/decisions`, headers: as.othermod })).statusCode).toBe(403);
    // A cookie-authenticated change from another origin is refused before anything happens.
    expect((await t.app.inject({ ...decide, url: `/api/v1/admin/sites/news/comments/${c.id}/decisions`, headers: { ...as.mod, origin: 'https://evil.example' } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `/api/v1/admin/sites/news/comments/${c.id}`, headers: as.mod })).json().item.status).toBe('pending');
    const sites = await t.app.inject({ url: '/api/v1/admin/sites', headers: as.mod });
    expect(sites.json().sites).toEqual([{ id: 'news', name: 'News', configure: false }]);
    const bossSites = await t.app.inject({ url: '/api/v1/admin/sites', headers: as.boss });
    expect(bossSites.json().sites.map((s: { id: string; configure: boolean }) => [s.id, s.configure])).toEqual([['news', true], ['other', true]]);
  });

  run('decides, answers 409 to a stale decision and 400 without expectedStatus, and undoes', async () => {
    const c = await post('scum');
    const url = `/api/v1/admin/sites/news/comments/${c.id}/decisions`;
    expect((await t.app.inject({ method: 'POST', url, headers: as.mod, payload: { action: 'approve' } })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url, headers: as.mod, payload: { action: 'explode', expectedStatus: 'pending' } })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/admin/sites/news/comments/nope/decisions`, headers: as.mod, payload: { action: 'approve', expectedStatus: 'pending' } })).statusCode).toBe(404);
    const r = await t.app.inject({ method: 'POST', url, headers: as.mod, payload: { action: 'reject', expectedStatus: 'pending', reason: 'Insult' } });
    expect(r.statusCode).toBe(200);
    expect(r.json().item.status).toBe('rejected');
    const stale = await t.app.inject({ method: 'POST', url, headers: as.mod, payload: { action: 'approve', expectedStatus: 'pending' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('CONFLICT');
    const undo = await t.app.inject({ method: 'POST', url: `/api/v1/admin/sites/news/comments/${c.id}/undo`, headers: as.mod });
    expect(undo.json().item.status).toBe('pending');
  });

  run('acts in bulk and keeps the counts live', async () => {
    const a = await post('idiot a');
    const b = await post('idiot b');
    const counts = async () => (await t.app.inject({ url: '/api/v1/admin/sites/news/counts', headers: as.mod })).json().counts;
    const before = await counts();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/sites/news/decisions',
      headers: as.mod,
      payload: { action: 'approve', items: [{ commentId: a.id, expectedStatus: 'pending' }, { commentId: b.id, expectedStatus: 'rejected' }] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().results.map((x: { ok: boolean; error?: { code: string } }) => (x.ok ? 'ok' : x.error?.code))).toEqual(['ok', 'CONFLICT']);
    const after = await counts();
    expect(after.pending).toBe(before.pending - 1);
    expect(after.approved).toBe(before.approved + 1);
  });

  run('filters and downloads the audit log', async () => {
    await t.deps.moderationWorkspace.audit.settled();
    const list = await t.app.inject({ url: '/api/v1/admin/sites/news/audit?action=reject', headers: as.mod });
    expect(list.statusCode).toBe(200);
    expect(list.json().entries.every((e: { action: string }) => e.action === 'reject')).toBe(true);
    expect((await t.app.inject({ url: '/api/v1/admin/sites/news/audit?from=2030-01-01T00:00:00Z&to=2020-01-01T00:00:00Z', headers: as.mod })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/v1/admin/sites/news/audit?cursor=garbage', headers: as.mod })).statusCode).toBe(400);
    const csv = await t.app.inject({ url: '/api/v1/admin/sites/news/audit/export?format=csv', headers: as.mod });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="audit-news-.*\.csv"/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toMatch(/^id,at,actor/);
    const json = await t.app.inject({ url: '/api/v1/admin/sites/news/audit/export?format=json', headers: as.mod });
    const entries = JSON.parse(json.body) as Array<{ action: string }>;
    expect(entries.length).toBe(lines.length - 1);
    expect(entries.some((e) => e.action === 'pipeline')).toBe(true);
    expect((await t.app.inject({ url: '/api/v1/admin/sites/news/audit/export?format=csv', headers: as.othermod })).statusCode).toBe(403);
  });

  run('searches, shows settings to moderators, lets only admins change them, and serves the dashboard', async () => {
    await post('Ferry timetable complaints');
    const s = await t.app.inject({ url: '/api/v1/admin/sites/news/search?q=ferry', headers: as.mod });
    expect(s.json().items).toHaveLength(1);
    expect((await t.app.inject({ url: '/api/v1/admin/sites/news/search?minScore=2', headers: as.mod })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/v1/admin/sites/news/settings', headers: as.mod })).json().settings.moderation.toxicity.hold).toBe(0.6);
    const patch = { method: 'PATCH' as const, url: '/api/v1/admin/sites/news/settings', payload: { moderation: { warnBeforePosting: false } } };
    expect((await t.app.inject({ ...patch, headers: as.mod })).statusCode).toBe(403);
    expect((await t.app.inject({ ...patch, headers: as.boss, payload: { moderation: { toxicity: { hold: 3 } } } })).statusCode).toBe(400);
    expect((await t.app.inject({ ...patch, headers: as.boss, payload: { sneaky: true } })).statusCode).toBe(400);
    const ok = await t.app.inject({ ...patch, headers: as.boss });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().settings.moderation.warnBeforePosting).toBe(false);
    const stats = await t.app.inject({ url: '/api/v1/admin/sites/news/stats', headers: as.mod });
    expect(stats.statusCode).toBe(200);
    expect(stats.json().perHour).toHaveLength(48);
  });

  run('serves the workspace page without inline script', async () => {
    const page = await t.app.inject({ url: '/admin', headers: as.mod });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toContain('<script type="module" src="/admin/assets/admin.js"></script>');
    expect(page.body).not.toMatch(/<script>(?!<)/);
    expect((await t.app.inject({ url: '/admin' })).body).toContain('Sign in to moderate');
  });
});
