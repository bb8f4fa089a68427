import { describe, expect } from 'vitest';
import { AppError } from '../../errors.js';
import { DIALECTS, postgresAvailable, storeSuite } from '../../test-support/stores.js';
import { manualClock, services, siteWithStory } from '../../test-support/factories.js';
import { ThreadService } from './thread.service.js';
import { CommentRepository } from './comment.repository.js';

const pgUp = await postgresAvailable();

describe.each(DIALECTS)('comments on %s', (dialect) => {
  const suite = storeSuite(dialect, pgUp);
  const run = suite.run;

  run('posts, replies and reads a thread with counts', async () => {
    const s = services(suite.store.db);
    const { story } = await siteWithStory(s, 'counts');
    const a = await s.comments.create({ storyId: story.id, body: 'First *comment*', author: { name: 'Ada' } });
    expect(a.comment.status).toBe('approved');
    expect(a.comment.html).toBe('<p>First <em>comment</em></p>');
    s.clock.advance(1);
    const b = await s.comments.create({ storyId: story.id, parentId: a.comment.id, body: 'reply', author: { name: 'Bo', email: 'BO@x.org' } });
    expect(b.comment.depth).toBe(1);
    const thread = await new ThreadService(suite.store.db).storyThread(story.id);
    expect(thread.comments).toHaveLength(1);
    expect(thread.comments[0]!.replyCount).toBe(1);
    expect(thread.comments[0]!.replies[0]!.author.name).toBe('Bo');
    expect((await s.stories.get(story.id)).commentCount).toBe(2);
  });

  run('keeps a deleted comment with replies as a tombstone, and drops it when its last reply goes', async () => {
    const s = services(suite.store.db);
    const { story } = await siteWithStory(s, 'tomb');
    const parent = await s.comments.create({ storyId: story.id, body: 'parent', author: { name: 'P' } });
    const child = await s.comments.create({ storyId: story.id, parentId: parent.comment.id, body: 'child', author: { name: 'C' } });
    await s.comments.deleteOwn(parent.comment.id, parent.editKey);
    let thread = await new ThreadService(suite.store.db).storyThread(story.id);
    expect(thread.comments[0]!.status).toBe('deleted');
    expect(thread.comments[0]!.html).toBe('');
    expect(thread.comments[0]!.author.name).toBe('');
    expect(thread.comments[0]!.replies[0]!.id).toBe(child.comment.id);
    await s.comments.setStatus(child.comment.id, 'rejected');
    thread = await new ThreadService(suite.store.db).storyThread(story.id);
    expect(thread.comments).toHaveLength(0);
    expect((await s.stories.get(story.id)).commentCount).toBe(0);
  });

  run('paginates top-level comments with cursors in every sort, without gaps or repeats', async () => {
    const s = services(suite.store.db);
    const { story } = await siteWithStory(s, 'pages');
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) {
      s.clock.advance(i % 3 === 0 ? 0 : 1000); // equal timestamps test the id tie-break
      ids.push((await s.comments.create({ storyId: story.id, body: `c${i}`, author: { name: 'N' } })).comment.id);
    }
    const threads = new ThreadService(suite.store.db);
    for (const sort of ['newest', 'oldest', 'replies', 'best'] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let guard = 0; guard < 10; guard++) {
        const page = await threads.storyThread(story.id, { sort, limit: 7, ...(cursor ? { cursor } : {}) });
        seen.push(...page.comments.map((c) => c.id));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      expect(new Set(seen).size).toBe(25);
      if (sort === 'oldest') expect(seen).toEqual(ids);
      if (sort === 'newest') expect(seen).toEqual([...ids].reverse());
    }
    await expect(threads.storyThread(story.id, { cursor: 'garbage' })).rejects.toMatchObject({ code: 'BAD_CURSOR' });
  });

  run('loads more replies and finds a deep comment with its ancestors', async () => {
    const s = services(suite.store.db);
    const { story } = await siteWithStory(s, 'deep');
    let parentId: string | null = null;
    const chain: string[] = [];
    for (let d = 0; d < 30; d++) {
      const c = await s.comments.create({ storyId: story.id, parentId, body: `depth ${d}`, author: { name: 'D' } });
      chain.push(c.comment.id);
      parentId = c.comment.id;
    }
    const threads = new ThreadService(suite.store.db);
    const found = await threads.withAncestors(chain[29]!);
    expect(found.ancestors.map((a) => a.id)).toEqual(chain.slice(0, 29));
    expect(found.comment.depth).toBe(29);
    const root = chain[0]!;
    for (let i = 0; i < 8; i++) await s.comments.create({ storyId: story.id, parentId: root, body: `r${i}`, author: { name: 'R' } });
    const first = await threads.storyThread(story.id, { repliesPerComment: 3 });
    expect(first.comments[0]!.replies).toHaveLength(3);
    expect(first.comments[0]!.moreReplies).toBe(6);
    const more = await threads.replies(root, { limit: 5 });
    expect(more.comments).toHaveLength(5);
    expect(more.nextCursor).not.toBeNull();
  });

  run('edits within the window, keeps history, refuses a wrong key and a closed window', async () => {
    const clock = manualClock();
    const s = services(suite.store.db, { clock });
    const { story } = await siteWithStory(s, 'edits');
    const c = await s.comments.create({ storyId: story.id, body: 'helo', author: { name: 'E' } });
    await expect(s.comments.edit(c.comment.id, { body: 'x', editKey: 'nope' })).rejects.toMatchObject({ code: 'NOT_AUTHOR' });
    clock.advance(60_000);
    const edited = await s.comments.edit(c.comment.id, { body: 'hello', editKey: c.editKey });
    expect(edited.body).toBe('hello');
    expect(edited.edited_at).toBe(clock());
    const revisions = await new CommentRepository(suite.store.db).listRevisions(c.comment.id);
    expect(revisions.map((r) => r.body)).toEqual(['helo']);
    clock.advance(15 * 60_000);
    await expect(s.comments.edit(c.comment.id, { body: 'late', editKey: c.editKey })).rejects.toMatchObject({ code: 'EDIT_WINDOW_CLOSED' });
    expect((await new CommentRepository(suite.store.db).findById(c.comment.id))!.body).toBe('hello');
  });

  run('refuses bad input with typed errors and stores nothing', async () => {
    const s = services(suite.store.db);
    const { story } = await siteWithStory(s, 'bad');
    const bad = [
      { storyId: story.id, body: '   ', author: { name: 'x' } },
      { storyId: story.id, body: 'x'.repeat(5001), author: { name: 'x' } },
      { storyId: story.id, body: 'ok', author: { name: ' ' } },
      { storyId: story.id, body: 'ok', author: { name: 'x', email: 'not-an-email' } },
      { storyId: story.id, parentId: 'missing', body: 'ok', author: { name: 'x' } },
      { storyId: 'missing', body: 'ok', author: { name: 'x' } },
    ];
    for (const input of bad) await expect(s.comments.create(input)).rejects.toBeInstanceOf(AppError);
    expect((await new ThreadService(suite.store.db).storyThread(story.id)).comments).toHaveLength(0);
    await s.stories.setClosed(story.id, true);
    await expect(s.comments.create({ storyId: story.id, body: 'ok', author: { name: 'x' } })).rejects.toMatchObject({ code: 'STORY_CLOSED' });
  });

  run('creates stories on the fly only for the site origins', async () => {
    const s = services(suite.store.db);
    await siteWithStory(s, 'fly');
    const first = await s.stories.resolve({ siteId: 'fly', url: 'https://news.example/new#comments', title: 'New' });
    expect(first.created).toBe(true);
    expect(first.story.url).toBe('https://news.example/new');
    const again = await s.stories.resolve({ siteId: 'fly', url: 'https://news.example/new' });
    expect(again).toMatchObject({ created: false, story: { id: first.story.id } });
    await expect(s.stories.resolve({ siteId: 'fly', url: 'https://evil.example/x' })).rejects.toMatchObject({ code: 'ORIGIN_NOT_ALLOWED' });
  });
});
