import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test-support/app.js';
import { DIALECTS, postgresAvailable } from '../../../test-support/stores.js';

const pgUp = await postgresAvailable();

describe.each(DIALECTS)('comments API on %s', (dialect) => {
  let t: TestApp;
  let storyId: string;
  const skip = dialect === 'postgres' && !pgUp;
  beforeAll(async () => {
    if (skip) return;
    t = await createTestApp(dialect);
    await t.deps.sites.create({ id: 'news', name: 'News', origins: ['https://news.example'] });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/sites/news/stories/resolve', payload: { url: 'https://news.example/story-1', title: 'Story one' } });
    expect(res.statusCode).toBe(201);
    storyId = res.json().story.id;
  });
  afterAll(async () => t?.close());
  const run = skip ? it.skip : it;

  run('posts a comment and a reply, then lists the thread', async () => {
    const post = await t.app.inject({ method: 'POST', url: `/api/v1/stories/${storyId}/comments`, payload: { body: 'Hello **world** <script>alert(1)</script>', author: { name: 'Ada', email: 'ada@example.org' } } });
    expect(post.statusCode).toBe(201);
    const posted = post.json();
    expect(posted.pending).toBe(false);
    expect(posted.comment.html).toBe('<p>Hello <strong>world</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(posted.comment).not.toHaveProperty('email');
    expect(JSON.stringify(posted)).not.toContain('ada@example.org');
    t.clock.advance(1000);
    const reply = await t.app.inject({ method: 'POST', url: `/api/v1/stories/${storyId}/comments`, payload: { body: 'Reply', parentId: posted.comment.id, author: { name: 'Bo' } } });
    expect(reply.statusCode).toBe(201);
    const thread = await t.app.inject({ url: `/api/v1/stories/${storyId}/comments?sort=newest&limit=10` });
    expect(thread.statusCode).toBe(200);
    const body = thread.json();
    expect(body.comments[0].replies[0].author.name).toBe('Bo');
    expect(body.comments[0].replyCount).toBe(1);
    const one = await t.app.inject({ url: `/api/v1/comments/${reply.json().comment.id}` });
    expect(one.json().ancestors.map((a: { id: string }) => a.id)).toEqual([posted.comment.id]);
  });

  run('accepts parentId: null as a top-level comment (the coerced "" is no parent)', async () => {
    const post = await t.app.inject({ method: 'POST', url: `/api/v1/stories/${storyId}/comments`, payload: { body: 'Top level with a null parent', parentId: null, author: { name: 'Nil' } } });
    expect(post.statusCode).toBe(201);
    expect(post.json().comment).toMatchObject({ parentId: null, depth: 0, status: 'approved' });
  });

  run("shows a staff author's badge and the moderators' flags in the thread, in a fixed number of queries", async () => {
    const user = await t.deps.users.createLocal({ email: 'staff@example.org', password: 'a long password 1', displayName: 'Sam Staff', verified: true });
    await t.deps.users.setMembership('news', user.id, { role: 'staff', badge: 'staff' });
    const { token } = await t.deps.sessions.create(user.id, 'bearer', 'news');
    const post = await t.app.inject({ method: 'POST', url: `/api/v1/stories/${storyId}/comments`, headers: { authorization: `Bearer ${token}` }, payload: { body: 'From the newsroom' } });
    expect(post.statusCode).toBe(201);
    const id = post.json().comment.id as string;
    await t.store.db.updateTable('comments').set({ featured: 1 }).where('id', '=', id).execute();
    const thread = (await t.app.inject({ url: `/api/v1/stories/${storyId}/comments` })).json();
    const mine = thread.comments.find((c: { id: string }) => c.id === id);
    expect(mine).toMatchObject({ author: { name: 'Sam Staff', badge: 'staff' }, featured: true, pinned: false });
    const guest = thread.comments.find((c: { id: string }) => c.id !== id);
    expect(guest.author).not.toHaveProperty('badge');
    expect((await t.app.inject({ url: `/api/v1/comments/${id}` })).json().comment.author.badge).toBe('staff');
  });

  run('warns before posting a toxic comment, then holds it for review and hides it from the thread', async () => {
    const url = `/api/v1/stories/${storyId}/comments`;
    const warned = await t.app.inject({ method: 'POST', url, payload: { body: 'you idiot', author: { name: 'Troll' } } });
    expect(warned.statusCode).toBe(422);
    expect(warned.json().error).toMatchObject({ code: 'TOXIC_WARNING', details: { scores: { TOXICITY: 0.97 } } });
    const revised = await t.app.inject({ method: 'POST', url, payload: { body: 'I disagree with you', author: { name: 'Troll' }, warning: 'acknowledged' } });
    expect(revised.json()).toMatchObject({ pending: false, comment: { status: 'approved' } });
    const post = await t.app.inject({ method: 'POST', url, payload: { body: 'you idiot', author: { name: 'Troll' }, warning: 'acknowledged' } });
    expect(post.statusCode).toBe(201);
    expect(post.json()).toMatchObject({ pending: true, comment: { status: 'pending' } });
    const thread = await t.app.inject({ url: `/api/v1/stories/${storyId}/comments` });
    expect(thread.json().comments.map((c: { id: string }) => c.id)).not.toContain(post.json().comment.id);
  });

  run('edits and deletes with the edit key only', async () => {
    const post = (await t.app.inject({ method: 'POST', url: `/api/v1/stories/${storyId}/comments`, payload: { body: 'typo', author: { name: 'E' } } })).json();
    const url = `/api/v1/comments/${post.comment.id}`;
    expect((await t.app.inject({ method: 'PATCH', url, payload: { body: 'fixed' } })).statusCode).toBe(400);
    const wrong = await t.app.inject({ method: 'PATCH', url, headers: { 'x-edit-key': 'wrong' }, payload: { body: 'fixed' } });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.code).toBe('NOT_AUTHOR');
    const edit = await t.app.inject({ method: 'PATCH', url, headers: { 'x-edit-key': post.editKey }, payload: { body: 'fixed' } });
    expect(edit.statusCode).toBe(200);
    expect(edit.json().comment.html).toBe('<p>fixed</p>');
    expect(edit.json().comment.editedAt).not.toBeNull();
    const del = await t.app.inject({ method: 'DELETE', url, headers: { 'x-edit-key': post.editKey } });
    expect(del.statusCode).toBe(200);
    expect((await t.app.inject({ url })).statusCode).toBe(404);
  });

  run('answers bad input with a clear 4xx', async () => {
    const cases: Array<[string, InjectOptions, number, string]> = [
      ['empty body', { method: 'POST', url: `/api/v1/stories/${storyId}/comments`, payload: { body: '', author: { name: 'x' } } }, 400, 'VALIDATION'],
      ['unknown field', { method: 'POST', url: `/api/v1/stories/${storyId}/comments`, payload: { body: 'x', author: { name: 'x' }, status: 'approved' } }, 400, 'VALIDATION'],
      ['broken JSON', { method: 'POST', url: `/api/v1/stories/${storyId}/comments`, headers: { 'content-type': 'application/json' }, payload: '{"body":' }, 400, 'VALIDATION'],
      ['unknown story', { method: 'POST', url: '/api/v1/stories/nope/comments', payload: { body: 'x', author: { name: 'x' } } }, 404, 'STORY_NOT_FOUND'],
      ['unknown parent', { method: 'POST', url: `/api/v1/stories/${storyId}/comments`, payload: { body: 'x', parentId: 'nope', author: { name: 'x' } } }, 422, 'PARENT_NOT_FOUND'],
      ['bad sort', { url: `/api/v1/stories/${storyId}/comments?sort=random` }, 400, 'VALIDATION'],
      ['bad cursor', { url: `/api/v1/stories/${storyId}/comments?cursor=zzz` }, 400, 'BAD_CURSOR'],
      ['bad limit', { url: `/api/v1/stories/${storyId}/comments?limit=1000` }, 400, 'VALIDATION'],
      ['huge body', { method: 'POST', url: `/api/v1/stories/${storyId}/comments`, payload: { body: 'x'.repeat(70 * 1024), author: { name: 'x' } } }, 413, 'PAYLOAD_TOO_LARGE'],
      ['foreign origin', { method: 'POST', url: '/api/v1/sites/news/stories/resolve', payload: { url: 'https://evil.example/x' } }, 403, 'ORIGIN_NOT_ALLOWED'],
      ['unknown site', { method: 'POST', url: '/api/v1/sites/nope/stories/resolve', payload: { url: 'https://news.example/x' } }, 404, 'SITE_NOT_FOUND'],
      ['unknown comment', { url: '/api/v1/comments/nope' }, 404, 'COMMENT_NOT_FOUND'],
      ['unknown route', { url: '/api/v1/nothing' }, 404, 'NOT_FOUND'],
    ];
    for (const [name, req, status, code] of cases) {
      const res = await t.app.inject(req);
      expect({ name, status: res.statusCode, code: res.json().error?.code }).toEqual({ name, status, code });
      expect(res.json().error.message.length).toBeGreaterThan(3);
    }
  });

  run('serves health, readiness and the OpenAPI document', async () => {
    expect((await t.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ url: '/readyz' })).statusCode).toBe(200);
    const doc = await t.app.inject({ url: '/api/docs/json' });
    expect(doc.statusCode).toBe(200);
    expect(Object.keys(doc.json().paths)).toContain('/api/v1/stories/{storyId}/comments');
    expect((await t.app.inject({ url: '/api/docs' })).statusCode).toBeLessThan(400);
  });
});
