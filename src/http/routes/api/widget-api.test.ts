import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../app.js';
import { createTestApp, type TestApp } from '../../../test-support/app.js';
import { DIALECTS, postgresAvailable } from '../../../test-support/stores.js';

const pgUp = await postgresAvailable();
const HOST = 'https://news.example';
const VOTER = { 'x-agora-voter': 'voter-token-0123456789abcdef' };

describe.each(DIALECTS)('widget API on %s', (dialect) => {
  let t: TestApp;
  let storyId: string;
  const skip = dialect === 'postgres' && !pgUp;
  const run = skip ? it.skip : it;
  beforeAll(async () => {
    if (skip) return;
    t = await createTestApp(dialect);
    await t.deps.sites.create({ id: 'news', name: 'News', origins: [HOST], settings: { reactionLabel: 'Respect' } });
    await t.deps.sites.create({ id: 'other', name: 'Other', origins: ['https://other.example'] });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/sites/news/stories/resolve', payload: { url: `${HOST}/a`, identifier: 'story-a' } });
    storyId = res.json().story.id;
  });
  afterAll(async () => t?.close());

  const post = async (body: string, parentId?: string) =>
    (await t.app.inject({ method: 'POST', url: `/api/v1/stories/${storyId}/comments`, payload: { body, author: { name: 'Ada' }, ...(parentId ? { parentId } : {}) } })).json();

  run('answers CORS only for the origins of the site a URL concerns', async () => {
    const c = await post('hello');
    const cases: Array<[string, string, string | undefined]> = [
      [`/api/v1/sites/news/counts?ids=story-a`, HOST, HOST],
      [`/api/v1/sites/news/counts?ids=story-a`, 'https://other.example', undefined],
      [`/api/v1/stories/${storyId}/comments`, HOST, HOST],
      [`/api/v1/stories/${storyId}/comments`, 'https://other.example', undefined],
      [`/api/v1/comments/${c.comment.id}`, HOST, HOST],
      [`/api/v1/comments/${c.comment.id}`, 'https://evil.example', undefined],
    ];
    for (const [url, origin, allowed] of cases) {
      const res = await t.app.inject({ url, headers: { origin } });
      expect([url, origin, res.headers['access-control-allow-origin']]).toEqual([url, origin, allowed]);
      expect(res.headers.vary).toContain('Origin');
    }
    const pre = await t.app.inject({
      method: 'OPTIONS',
      url: `/api/v1/comments/${c.comment.id}/reaction`,
      headers: { origin: HOST, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'x-agora-voter' },
    });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe(HOST);
    expect(pre.headers['access-control-allow-methods']).toContain('PUT');
    expect(pre.headers['access-control-allow-headers']).toContain('x-agora-voter');
    const refused = await t.app.inject({ method: 'OPTIONS', url: `/api/v1/stories/${storyId}/comments`, headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    // The preview concerns no site: any site's origin may use it, strangers may not.
    const preview = await t.app.inject({ method: 'POST', url: '/api/v1/preview', headers: { origin: 'https://other.example' }, payload: { body: 'x' } });
    expect(preview.headers['access-control-allow-origin']).toBe('https://other.example');
  });

  run('gives the widget story, settings and first page in one request', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/sites/news/embed', payload: { identifier: 'story-a', sort: 'oldest', limit: 5 } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.story.id).toBe(storyId);
    expect(body.settings).toMatchObject({ reactionLabel: 'Respect', maxCommentLength: 5000 });
    expect(Array.isArray(body.page.comments)).toBe(true);
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/sites/news/embed', payload: { url: `${HOST}/fresh` } });
    expect(created.statusCode).toBe(200);
    expect(created.json().page.comments).toEqual([]);
    const foreign = await t.app.inject({ method: 'POST', url: '/api/v1/sites/news/embed', payload: { url: 'https://evil.example/x' } });
    expect(foreign.json().error.code).toBe('ORIGIN_NOT_ALLOWED');
  });

  run('counts many stories in one request, by identifier or URL', async () => {
    const res = await t.app.inject({ url: `/api/v1/sites/news/counts?ids=story-a&ids=${encodeURIComponent(`${HOST}/a#comments`)}&ids=nope` });
    expect(res.statusCode).toBe(200);
    const { counts } = res.json();
    const n = (await t.deps.stories.get(storyId)).commentCount;
    expect(n).toBeGreaterThan(0);
    expect(counts).toEqual({ 'story-a': n, [`${HOST}/a#comments`]: n, nope: 0 });
    expect((await t.app.inject({ url: '/api/v1/sites/news/counts' })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/v1/sites/nope/counts?ids=x' })).json().error.code).toBe('SITE_NOT_FOUND');
  });

  run('previews Markdown exactly as posting renders it', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/preview', payload: { body: '*hi* <b>x</b> [l](javascript:alert(1))' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().html).toBe('<p><em>hi</em> &lt;b&gt;x&lt;/b&gt; [l](javascript:alert(1))</p>');
  });

  run('reacts once per voter and reports once per reporter', async () => {
    const c = await post('react to me');
    const url = `/api/v1/comments/${c.comment.id}/reaction`;
    expect((await t.app.inject({ method: 'PUT', url })).json().error.code).toBe('VALIDATION');
    expect((await t.app.inject({ method: 'PUT', url, headers: VOTER })).json()).toEqual({ commentId: c.comment.id, upvotes: 1, reacted: true });
    expect((await t.app.inject({ method: 'PUT', url, headers: VOTER })).json().upvotes).toBe(1);
    expect((await t.app.inject({ url: `/api/v1/stories/${storyId}/reactions/mine`, headers: VOTER })).json().commentIds).toEqual([c.comment.id]);
    const thread = (await t.app.inject({ url: `/api/v1/stories/${storyId}/comments?sort=best` })).json();
    expect(thread.comments[0].id).toBe(c.comment.id);
    expect((await t.app.inject({ method: 'DELETE', url, headers: VOTER })).json()).toMatchObject({ upvotes: 0, reacted: false });

    const reportUrl = `/api/v1/comments/${c.comment.id}/reports`;
    const r1 = await t.app.inject({ method: 'POST', url: reportUrl, headers: VOTER, payload: { reason: 'spam', note: 'ad' } });
    expect(r1.statusCode).toBe(201);
    expect(r1.json().report).toMatchObject({ commentId: c.comment.id, reason: 'spam' });
    const again = await t.app.inject({ method: 'POST', url: reportUrl, headers: VOTER, payload: { reason: 'abuse' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/already reported/);
    expect((await t.app.inject({ method: 'POST', url: reportUrl, headers: VOTER, payload: { reason: 'rude' } })).statusCode).toBe(400);
  });
});

describe('live events over a real socket', () => {
  let t: TestApp;
  let base: string;
  let storyId: string;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    await t.deps.sites.create({ id: 'live', name: 'Live', origins: [HOST] });
    storyId = (await t.deps.stories.create({ siteId: 'live', url: `${HOST}/live` })).id;
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  });
  afterAll(async () => t?.close());

  /** Reads SSE frames from a stream until `until` is satisfied. */
  async function frames(res: Response, until: (all: string[]) => boolean): Promise<string[]> {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    for (;;) {
      const all = text.split('\n\n').filter((f) => f && !f.startsWith('retry:') && !f.startsWith(':'));
      if (until(all)) {
        await reader.cancel();
        return all;
      }
      const { value, done } = await reader.read();
      if (done) return all;
      text += decoder.decode(value, { stream: true });
    }
  }

  it('streams approved comments with ids, resumes with Last-Event-ID, and never sends held ones', async () => {
    const res = await fetch(`${base}/api/v1/stories/${storyId}/events`, { headers: { origin: HOST } });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(res.headers.get('access-control-allow-origin')).toBe(HOST);
    const reading = frames(res, (all) => all.length >= 2);
    await t.deps.sites.update('live', { settings: { premoderation: 'all' } });
    const held = await t.deps.comments.create({ storyId, body: 'held for a moderator', author: { name: 'Held' } });
    expect(held.comment.status).toBe('pending');
    await t.deps.sites.update('live', { settings: { premoderation: 'none' } });
    const a = await t.deps.comments.create({ storyId, body: 'first', author: { name: 'A' } });
    await t.deps.comments.setStatus(held.comment.id, 'approved');
    const got = await reading;
    const parsed = got.map((f) => ({ id: /^id: (.+)$/m.exec(f)?.[1], data: JSON.parse(/^data: (.+)$/m.exec(f)![1]!) }));
    expect(parsed.map((p) => [p.data.type, p.data.comment.id])).toEqual([['comment.added', a.comment.id], ['comment.added', held.comment.id]]);
    expect(JSON.stringify(parsed)).not.toContain('edit_key');

    await t.deps.comments.setStatus(a.comment.id, 'rejected');
    const resumed = await fetch(`${base}/api/v1/stories/${storyId}/events`, { headers: { 'last-event-id': parsed[0]!.id! } });
    const missed = await frames(resumed, (all) => all.length >= 2);
    expect(missed.map((f) => JSON.parse(/^data: (.+)$/m.exec(f)![1]!).type)).toEqual(['comment.added', 'comment.removed']);

    const lost = await fetch(`${base}/api/v1/stories/${storyId}/events?lastEventId=someone-else-1`);
    expect((await frames(lost, (all) => all.length >= 1))[0]).toContain('event: reset');
    expect((await fetch(`${base}/api/v1/stories/nope/events`)).status).toBe(404);
  });

  it("replays from the embed's livePosition what was published between the thread read and the subscription", async () => {
    const embed = await t.app.inject({ method: 'POST', url: '/api/v1/sites/live/embed', payload: { url: `${HOST}/live` } });
    expect(embed.statusCode).toBe(200);
    const { story, page, livePosition } = embed.json();
    expect(story.id).toBe(storyId);
    expect(typeof livePosition).toBe('string');
    // Approved after the read, before the widget's stream subscribes: not in the page, so it must come by the stream.
    const between = await t.deps.comments.create({ storyId, body: 'in between', author: { name: 'B' } });
    expect(between.comment.status).toBe('approved');
    expect(page.comments.map((c: { id: string }) => c.id)).not.toContain(between.comment.id);
    const res = await fetch(`${base}/api/v1/stories/${storyId}/events?lastEventId=${encodeURIComponent(livePosition)}`);
    const got = await frames(res, (all) => all.length >= 1);
    expect(got[0]).not.toContain('event: reset');
    expect(got.map((f) => JSON.parse(/^data: (.+)$/m.exec(f)![1]!)).map((d) => [d.type, d.comment.id])).toEqual([['comment.added', between.comment.id]]);
  });

  it('sends heartbeats and ends open streams when the app closes', async () => {
    const app = await buildApp(t.deps, { sseHeartbeatMs: 20 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/api/v1/stories/${storyId}/events`;
    const res = await fetch(url);
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes(': heartbeat')) text += new TextDecoder().decode((await reader.read()).value);
    await app.close();
    for (;;) if ((await reader.read()).done) break;
    expect(text).toContain(': heartbeat');
  });
});

describe('embed files', () => {
  it('serves the loader briefly cached and hashed files for a year, to any origin', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agora-web-'));
    mkdirSync(join(dir, 'widget'));
    writeFileSync(join(dir, 'embed.js'), 'loader');
    writeFileSync(join(dir, 'count.js'), 'count');
    writeFileSync(join(dir, 'widget', 'widget-ABC123.js'), 'widget');
    const t = await createTestApp('sqlite');
    const app = await buildApp(t.deps, { webDir: dir });
    try {
      const loader = await app.inject({ url: '/embed.js' });
      expect(loader.body).toBe('loader');
      expect(loader.headers['content-type']).toContain('text/javascript');
      expect(loader.headers['cache-control']).toMatch(/max-age=300/);
      expect(loader.headers['access-control-allow-origin']).toBe('*');
      expect((await app.inject({ url: '/count.js' })).body).toBe('count');
      const widget = await app.inject({ url: '/widget/widget-ABC123.js' });
      expect(widget.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect((await app.inject({ url: '/widget/..%2Fembed.js' })).statusCode).toBe(400);
      expect((await app.inject({ url: '/widget/missing-1.js' })).statusCode).toBe(404);
    } finally {
      await app.close();
      await t.close();
    }
  });
});
