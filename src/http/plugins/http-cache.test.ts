import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/app.js';

describe('thread caching and conditional requests', () => {
  let t: TestApp;
  let storyId: string;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    await t.deps.sites.create({ id: 'news', name: 'News', origins: ['https://news.example'] });
    storyId = (await t.deps.stories.resolve({ siteId: 'news', url: 'https://news.example/a' })).story.id;
  });
  afterAll(async () => t?.close());

  it('answers 304 to a matching If-None-Match and a fresh page after a change', async () => {
    const url = `/api/v1/stories/${storyId}/comments`;
    const first = await t.app.inject({ url });
    expect(first.headers['cache-control']).toBe('public, no-cache');
    const tag = first.headers.etag as string;
    expect(tag).toMatch(/^W\//);
    expect((await t.app.inject({ url, headers: { 'if-none-match': tag } })).statusCode).toBe(304);
    const posted = await t.deps.comments.create({ storyId, body: 'new', author: { name: 'N' } });
    const after = await t.app.inject({ url, headers: { 'if-none-match': tag } });
    expect(after.statusCode).toBe(200);
    expect(after.json().comments[0].id).toBe(posted.comment.id);
  });

  it('never serves a comment from cache once it is rejected or deleted', async () => {
    const url = `/api/v1/stories/${storyId}/comments`;
    const a = await t.deps.comments.create({ storyId, body: 'soon rejected', author: { name: 'R' } });
    const b = await t.deps.comments.create({ storyId, body: 'soon deleted', author: { name: 'D' } });
    const ids = () => t.app.inject({ url }).then((r) => r.json().comments.map((c: { id: string }) => c.id));
    expect(await ids()).toEqual(expect.arrayContaining([a.comment.id, b.comment.id]));
    await t.deps.comments.setStatus(a.comment.id, 'rejected');
    await t.deps.comments.deleteOwn(b.comment.id, b.editKey);
    const now = await ids();
    expect(now).not.toContain(a.comment.id);
    expect(now).not.toContain(b.comment.id);
    const page = await t.app.inject({ url: `/stories/${storyId}` });
    expect(page.body).not.toContain('soon rejected');
  });

  it('exposes Prometheus metrics with route patterns and moderation outcomes', async () => {
    const res = await t.app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('agora_http_request_duration_seconds_bucket');
    expect(res.body).toContain('route="/api/v1/stories/:storyId/comments"');
    expect(res.body).toMatch(/agora_moderation_outcomes_total\{status="approved",event="comment.created"\} \d+/);
  });
});
