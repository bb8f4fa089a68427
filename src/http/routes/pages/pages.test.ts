import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPage } from '../../../importers/page/import.js';
import { sharedDir } from '../../../lib/paths.js';
import { createTestApp, type TestApp } from '../../../test-support/app.js';

describe('article pages', () => {
  let t: TestApp;
  let storyId: string;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    const site = await t.deps.sites.create({ id: 'news', name: 'Daily <News>', origins: ['https://news.example'] });
    const text = readFileSync(join(sharedDir(), 'seed', 'page.txt'), 'utf8');
    const r = await importPage(t.deps, { text, site, url: 'https://news.example/pmu', imageUrl: '/assets/demo/stadium-plan.svg' });
    storyId = r.story.id;
  });
  afterAll(async () => t?.close());

  it('renders the article and the first page of its thread as HTML, each comment with data-comment-id', async () => {
    const res = await t.app.inject({ url: `/stories/${storyId}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    const page = res.body;
    expect(page).toContain('<h1>PMU Commander Denies Responsibility For U.S. Embassy Attack');
    expect(page).toContain('<span class="credit">(Photo: Reuters)</span>');
    expect(page).toContain('Daily &lt;News&gt;');
    const ids = [...page.matchAll(/data-comment-id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThanOrEqual(8);
    expect(page).toContain('Mehmet Aslanak');
    expect(page).toContain('Vitex');
  });

  it('loads the widget into the comments section, around the server-rendered thread it replaces', async () => {
    const story = await t.deps.stories.get(storyId);
    const page = (await t.app.inject({ url: `/stories/${storyId}` })).body;
    const section = page.slice(page.indexOf('<section id="comments"'), page.indexOf('</section>'));
    // The thread sits inside the container: the widget's shadow root (no slot) hides it; without JS it stays.
    const container = section.slice(section.indexOf('<div id="agora-thread">'), section.indexOf('<script'));
    expect(container).toMatch(/<ul class="thread" data-story-id=/);
    expect(container).toContain('id="comments-title"');
    const tag = /<script src="\/embed\.js"[^>]*><\/script>/.exec(section)?.[0] ?? '';
    expect(tag).toContain('data-site="news"');
    expect(tag).toContain(`data-identifier="${story.identifier}"`);
    expect(tag).toContain(' async');
    // Same-origin script: the strict CSP needs no exception.
    expect(page).not.toMatch(/<script(?![^>]*src="\/)/);
  });

  it('renders a permalink with its ancestors, and the front page lists the story', async () => {
    const thread = await t.deps.threads.storyThread(storyId, { sort: 'oldest' });
    const reply = thread.comments.find((c) => c.replies.length > 0)!.replies[0]!;
    const res = await t.app.inject({ url: `/stories/${storyId}/comments/${reply.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`data-comment-id="${reply.id}"`);
    const front = await t.app.inject({ url: '/' });
    expect(front.body).toContain(`/stories/${storyId}`);
  });

  it('escapes user text everywhere', async () => {
    const { story } = await t.deps.stories.resolve({ siteId: 'news', url: 'https://news.example/xss', title: '<img src=x onerror=alert(1)>' });
    await t.deps.comments.create({ storyId: story.id, body: '<script>alert(1)</script> [x](javascript:alert(1))', author: { name: '"><svg onload=alert(1)>' } });
    const res = await t.app.inject({ url: `/stories/${story.id}` });
    expect(res.body).not.toMatch(/<script>alert|<img src=x|<svg onload|href="javascript:/i);
    expect(res.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('answers an unknown story with an HTML 404 for browsers and JSON for programs', async () => {
    const html = await t.app.inject({ url: '/stories/nope', headers: { accept: 'text/html' } });
    expect(html.statusCode).toBe(404);
    expect(html.headers['content-type']).toContain('text/html');
    const json = await t.app.inject({ url: '/stories/nope' });
    expect(json.json().error.code).toBe('STORY_NOT_FOUND');
  });
});
