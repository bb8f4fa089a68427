import type { Dialog, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommentView, ThreadPage } from '../../src/contracts/comments.js';
import { articlePage, chromiumAvailable, gate, recordAnswers, startStack, type Stack } from './support.js';

// Callbacks passed to page.evaluate run in the browser; the root tsconfig is Node-only, so they are typed loosely here.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const window: any;
/* eslint-enable @typescript-eslint/no-explicit-any */

const hasBrowser = chromiumAvailable();

/**
 * What a reader does with the thread after it shows: edit and delete their own comments, preview a draft, change
 * the sort and load more. Each flow is checked on screen and again through the HTTP API, which is what every other
 * reader is served.
 */
describe.skipIf(!hasBrowser)('widget actions in Chromium: edit, delete, preview, sort, load more', () => {
  let s: Stack;
  let page: Page;
  /** Comment ids of the sorted story, by name. */
  const sorted: Record<string, string> = {};

  beforeAll(async () => {
    s = await startStack();
    for (const id of ['story-edit', 'story-delete', 'story-live', 'story-preview', 'story-sort', 'story-replies'])
      s.page(id, articlePage({ identifier: id }));
    for (const id of ['story-more', 'story-focus', 'story-own']) s.page(id, articlePage({ identifier: id, data: { 'page-size': '3' } }));
    page = await s.browser.newPage();
    page.setDefaultTimeout(5000);
    // A thread whose four sorts all differ: A to D posted in that order, B with most replies, C with most votes.
    const story = await createStory('story-sort');
    for (const name of ['A', 'B', 'C', 'D']) sorted[name] = await seed(story, `Sorted ${name}`);
    for (let i = 0; i < 3; i++) await seed(story, `Reply ${i} to B`, sorted.B);
    await seed(story, 'Reply to C', sorted.C);
    const votes: Record<string, number> = { C: 5, A: 2, D: 1 };
    for (const [name, n] of Object.entries(votes)) for (let v = 0; v < n; v++) await s.deps.reactions.react(sorted[name]!, `voter-${v}`);
    // Seven comments, shown three to a page.
    const paged = await createStory('story-more');
    for (let n = 1; n <= 7; n++) await seed(paged, `Paged ${n}`);
  });
  afterAll(async () => s?.close());

  /** The article of the comment whose own text (not a nested reply's) contains `text`, and its treeitem. */
  const own = (text: string) => page.locator('[role="treeitem"] > article', { has: page.locator('.body', { hasText: text }) }).first();
  const item = (text: string) => own(text).locator('..');
  const byId = (id: string) => page.locator(`[role="treeitem"][data-comment-id="${id}"]`);
  /** The comment's own part, without the replies nested in its treeitem. */
  const article = (id: string) => page.locator(`[data-comment-id="${id}"] > article`);
  /** The texts of the top-level comments, in the order shown. */
  const bodiesIn = (p: Page) => p.locator('[role="treeitem"][aria-level="1"] > article .body').allTextContents();
  const topBodies = () => bodiesIn(page);
  const idsOf = async (l: Locator) => Promise.all((await l.all()).map((x) => x.getAttribute('data-comment-id')));
  const topIds = () => idsOf(page.locator('[role="treeitem"][aria-level="1"]'));
  const activeId = () =>
    page.evaluate(() => document.getElementById('agora-thread').shadowRoot.activeElement?.dataset.commentId as string | undefined);
  const activeTag = () =>
    page.evaluate(() => document.getElementById('agora-thread').shadowRoot.activeElement?.tagName as string | undefined);

  async function get<T>(path: string): Promise<{ status: number; body: T }> {
    const res = await fetch(`${s.agora}/api/v1${path}`);
    return { status: res.status, body: (await res.json()) as T };
  }
  /** Every page of a listing, following the cursors the server hands out. */
  async function allPages(path: string, query: Record<string, string>): Promise<CommentView[]> {
    const out: CommentView[] = [];
    let cursor: string | null = null;
    do {
      const q = new URLSearchParams({ ...query, ...(cursor ? { cursor } : {}) });
      const answer: { status: number; body: ThreadPage } = await get<ThreadPage>(`${path}?${q}`);
      expect(answer.status).toBe(200);
      out.push(...answer.body.comments);
      cursor = answer.body.nextCursor;
    } while (cursor);
    return out;
  }
  const storyId = async (identifier: string) => (await s.deps.stories.find('news', { identifier }))!.id;
  const createStory = async (identifier: string) =>
    (await s.deps.stories.resolve({ siteId: 'news', identifier, url: `${s.host}/${identifier}`, title: 'A story' })).story.id;
  const seed = async (story: string, body: string, parentId?: string) =>
    (await s.deps.comments.create({ storyId: story, body, author: { name: `Author of ${body}` }, ...(parentId ? { parentId } : {}) }))
      .comment.id;

  /** Opens a story's host page and waits for the thread (the first visit creates the story); returns its id. */
  async function open(identifier: string): Promise<string> {
    await page.goto(`${s.host}/${identifier}`);
    await page.locator('h2').waitFor();
    return storyId(identifier);
  }

  /** Posts through the widget's own form, as a guest; returns the new comment's id once it shows. */
  async function postAsGuest(text: string): Promise<string> {
    const form = page.locator('form.composer--new');
    const name = form.getByLabel('Name');
    if (!(await name.inputValue())) await name.fill('Ada');
    await form.locator('textarea').fill(text);
    const posted = page.waitForResponse((r) => r.request().method() === 'POST' && /\/stories\/[^/]+\/comments$/.test(r.url()));
    await form.getByRole('button', { name: 'Post comment' }).click();
    const { comment } = (await (await posted).json()) as { comment: CommentView };
    await byId(comment.id).waitFor();
    return comment.id;
  }

  it('edits an own comment in place: the form starts from the posted text, Cancel keeps it, Save stores the new one', async () => {
    const story = await open('story-edit');
    expect(await page.locator('h2').textContent()).toBe('No comments yet');
    const id = await postAsGuest('First draft with *emphasis*');
    await expect.poll(() => page.locator('h2').textContent()).toBe('1 comment');
    const edit = article(id).getByRole('button', { name: 'Edit', exact: true });
    const form = article(id).locator('form.composer--edit');
    const area = form.locator('textarea');

    // The form holds the comment as Markdown and takes the focus; Cancel leaves the comment as it was.
    await edit.click();
    await expect.poll(() => area.inputValue()).toBe('First draft with *emphasis*');
    await expect.poll(activeTag).toBe('TEXTAREA');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await form.waitFor({ state: 'detached' });
    expect(await article(id).locator('.body em').textContent()).toBe('emphasis');
    expect(await article(id).locator('.edited').count()).toBe(0);

    // From the keyboard: the focused text is replaced, an empty one cannot be saved, Enter on Save sends it.
    await edit.press('Enter');
    await expect.poll(activeTag).toBe('TEXTAREA');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Backspace');
    expect(await form.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await page.keyboard.type('Second draft with **bold**');
    // The edit form previews too, and going back keeps the text.
    await form.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => form.locator('.preview strong').textContent()).toBe('bold');
    await form.getByRole('button', { name: 'Edit text' }).click();
    expect(await area.inputValue()).toBe('Second draft with **bold**');
    await form.getByRole('button', { name: 'Save' }).press('Enter');
    await form.waitFor({ state: 'detached' });
    expect(await article(id).locator('.body').innerHTML()).toBe('<p>Second draft with <strong>bold</strong></p>');
    expect(await article(id).locator('.edited').textContent()).toBe('(edited)');

    // Every reader is served the new text, marked as edited.
    const { body } = await get<ThreadPage>(`/stories/${story}/comments`);
    const stored = body.comments.find((c) => c.id === id)!;
    expect(stored.html).toBe('<p>Second draft with <strong>bold</strong></p>');
    expect(stored.editedAt).not.toBeNull();
    await page.reload();
    await expect.poll(() => article(id).locator('.body').textContent()).toBe('Second draft with bold');
    expect(await article(id).locator('.edited').count()).toBe(1);
  });

  it('deletes own comments after confirming: one without replies goes, one with replies stays as a tombstone', async () => {
    const story = await open('story-delete');
    const lone = await postAsGuest('A comment to take back');
    const answered = await postAsGuest('A comment someone answered');
    await seed(story, 'An answer from Bo', answered);
    await page.reload();
    await item('An answer from Bo').waitFor();
    await expect.poll(() => page.locator('h2').textContent()).toBe('3 comments');
    // Another reader's comment offers Report, never Delete.
    expect(await item('An answer from Bo').getByRole('button', { name: 'Delete' }).count()).toBe(0);

    // Declining the confirmation changes nothing.
    const asked: string[] = [];
    const answer = (accept: boolean) =>
      page.once('dialog', (d: Dialog) => {
        asked.push(d.message());
        void (accept ? d.accept() : d.dismiss());
      });
    answer(false);
    await article(lone).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => asked).toEqual(['Delete this comment?']);
    expect(await byId(lone).isVisible()).toBe(true);
    expect((await get(`/comments/${lone}`)).status).toBe(200);

    answer(true);
    await article(lone).getByRole('button', { name: 'Delete' }).click();
    await byId(lone).waitFor({ state: 'detached' });
    expect((await get(`/comments/${lone}`)).status).toBe(404);
    expect((await allPages(`/stories/${story}/comments`, {})).map((c) => c.id)).not.toContain(lone);

    answer(true);
    await article(answered).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => article(answered).locator('.author').textContent()).toBe('[deleted]');
    expect(await article(answered).locator('.body').textContent()).toBe('');
    expect(await article(answered).locator('.actions').count()).toBe(0);
    expect(await byId(answered).getAttribute('class')).toContain('comment--deleted');
    expect(await item('An answer from Bo').getAttribute('aria-level')).toBe('2');
    // Of the three, only Bo's answer is still a published comment.
    await expect.poll(() => page.locator('h2').textContent()).toBe('1 comment');

    const served = (await get<ThreadPage>(`/stories/${story}/comments`)).body.comments;
    expect(served.map((c) => c.id)).toEqual([answered]);
    expect(served[0]).toMatchObject({ status: 'deleted', html: '', author: { name: '' } });
    expect(served[0]!.replies.map((r) => r.html)).toEqual(['<p>An answer from Bo</p>']);
    // A reload shows what the server keeps: the tombstone with its reply.
    await page.reload();
    await expect.poll(() => article(answered).locator('.author').textContent()).toBe('[deleted]');
    expect(await page.locator('h2').textContent()).toBe('1 comment');
    expect(await item('A comment to take back').count()).toBe(0);
  });

  it('shows a comment once when the live stream brings it before the answer to posting it', async () => {
    await open('story-live');
    await page.locator('section.thread[data-live="open"]').waitFor();
    // The server tells live readers before it answers the writer; here the answer is also held until the widget has
    // handled the live event, so the order is the same on every run.
    const answer = gate();
    const posts = (url: URL) => /^\/api\/v1\/stories\/[^/]+\/comments$/.test(url.pathname);
    await page.route(posts, async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      const response = await route.fetch();
      await answer.held;
      await route.fulfill({ response });
    });
    const posting = postAsGuest('Posted while others watch');
    await expect.poll(() => page.locator('[aria-live="polite"]').textContent()).toBe('1 new comment');
    answer.release();
    const id = await posting;
    await page.unroute(posts);
    // The reader's own comment is shown, once, and not offered again as someone's new comment.
    expect(await byId(id).count()).toBe(1);
    expect(await page.locator('button.new-comments').count()).toBe(0);
    expect(await page.locator('h2').textContent()).toBe('1 comment');
  });

  it('previews the draft as the server renders it, and never runs HTML typed into the composer', async () => {
    const story = await open('story-preview');
    const dialogs: string[] = [];
    const onDialog = (d: Dialog) => {
      dialogs.push(d.message());
      void d.dismiss();
    };
    page.on('dialog', onDialog);
    const form = page.locator('form.composer--new');
    const previewButton = form.getByRole('button', { name: 'Preview' });
    expect(await previewButton.isDisabled()).toBe(true);

    const draft =
      'A **bold** claim <img src=x onerror="window.__agoraXss=1;alert(1)"> [see](javascript:alert(2)) <script>alert(3)</script>';
    await form.locator('textarea').focus();
    await page.keyboard.type(draft);
    await previewButton.click();
    const preview = form.locator('.preview');
    await expect.poll(() => preview.locator('strong').textContent()).toBe('bold');
    expect(await preview.textContent()).toBe(
      'A bold claim <img src=x onerror="window.__agoraXss=1;alert(1)"> [see](javascript:alert(2)) <script>alert(3)</script>',
    );
    expect(await page.locator('#agora-thread img, #agora-thread script, #agora-thread a[href^="javascript"]').count()).toBe(0);
    expect(await form.locator('textarea').count()).toBe(0);

    // Back to the text exactly as typed; a second preview is what gets stored.
    await form.getByRole('button', { name: 'Edit text' }).click();
    expect(await form.locator('textarea').inputValue()).toBe(draft);
    const rendered = page.waitForResponse((r) => r.url().endsWith('/api/v1/preview'));
    await previewButton.click();
    const { html: previewHtml } = (await (await rendered).json()) as { html: string };
    await preview.locator('strong').waitFor();
    const previewed = await preview.innerHTML();
    await form.getByRole('button', { name: 'Post comment' }).click();
    await own('A bold claim').waitFor();
    // Posting leaves preview mode with an empty form.
    expect(await form.locator('textarea').inputValue()).toBe('');
    expect(await previewButton.isDisabled()).toBe(true);
    const id = (await item('A bold claim').getAttribute('data-comment-id'))!;
    expect(await article(id).locator('.body').innerHTML()).toBe(previewed);
    const served = (await get<ThreadPage>(`/stories/${story}/comments`)).body.comments;
    expect(served.find((c) => c.id === id)?.html).toBe(previewHtml);
    expect(previewHtml).toContain('&lt;img src=x');

    // Nothing typed ran: no element was made of it, no handler set its flag and no dialog opened, also after a reload.
    await page.reload();
    await own('A bold claim').waitFor();
    expect(await page.locator('#agora-thread img').count()).toBe(0);
    expect(await page.evaluate(() => window.__agoraXss as unknown)).toBeUndefined();
    expect(dialogs).toEqual([]);
    page.off('dialog', onDialog);
  });

  it('switches the sort: newest, oldest, most replies and best order the thread as the server does', async () => {
    const story = await open('story-sort');

    const expected: Record<string, string[]> = {
      newest: ['D', 'C', 'B', 'A'],
      oldest: ['A', 'B', 'C', 'D'],
      replies: ['B', 'C', 'D', 'A'],
      best: ['C', 'A', 'D', 'B'],
    };
    const select = page.getByLabel('Sort by');
    const check = async (sort: string) => {
      expect(await select.inputValue()).toBe(sort);
      await expect.poll(topBodies).toEqual(expected[sort]!.map((n) => `Sorted ${n}`));
      const served = (await get<ThreadPage>(`/stories/${story}/comments?sort=${sort}`)).body.comments;
      expect(served.map((c) => c.id)).toEqual(await topIds());
    };
    await check('newest');
    // A closed select changes with the arrow keys.
    await select.focus();
    await page.keyboard.press('ArrowDown');
    await check('oldest');
    await select.selectOption('replies');
    await check('replies');
    await select.selectOption('best');
    await check('best');
    // Replies stay under their parent whatever the order of the top level.
    expect(await byId(sorted.B!).locator('[role="treeitem"][aria-level="2"]').count()).toBe(3);
  });

  async function readerPage() {
    const reader = await s.browser.newPage();
    reader.setDefaultTimeout(5000);
    return { reader, answered: await recordAnswers(reader) };
  }

  it('keeps the sort chosen last when an earlier choice answers late, or the live stream asks for a reload', async () => {
    const story = await storyId('story-sort');
    const embed = `${s.agora}/api/v1/sites/news/embed`;
    const { reader, answered } = await readerPage();
    // The sort "oldest" answers only when told; the live stream opens only when told, from a position the server has
    // forgotten, so that it asks for a reload.
    const oldest = gate();
    await reader.route(embed, async (route) => {
      if ((route.request().postDataJSON() as { sort?: string }).sort === 'oldest') await oldest.held;
      await route.continue();
    });
    const stream = gate();
    await reader.route(
      (url) => url.pathname === `/api/v1/stories/${story}/events`,
      async (route) => {
        await stream.held;
        await route.continue({ url: `${s.agora}/api/v1/stories/${story}/events?lastEventId=forgotten` });
      },
    );
    const bodies = () => bodiesIn(reader);
    const best = ['Sorted C', 'Sorted A', 'Sorted D', 'Sorted B'];

    await reader.goto(`${s.host}/story-sort`);
    await answered('/embed', 1);
    const select = reader.getByLabel('Sort by');
    await select.selectOption('oldest');
    await select.selectOption('best');
    await expect.poll(bodies).toEqual(best);
    oldest.release();
    await answered('/embed', 3);
    expect(await select.inputValue()).toBe('best');
    expect(await bodies()).toEqual(best);

    const reload = reader.waitForRequest((r) => r.url() === embed);
    stream.release();
    expect((await reload).postDataJSON()).toMatchObject({ sort: 'best' });
    await answered('/embed', 4);
    await reader.locator('section.thread[data-live="open"]').waitFor();
    expect(await bodies()).toEqual(best);
    await reader.close();
  });

  it('drops a next page of the sort the reader left, and pages on in the new one', async () => {
    const story = await storyId('story-more');
    const { reader, answered } = await readerPage();
    const nextPage = gate();
    await reader.route(
      (url) => url.pathname === `/api/v1/stories/${story}/comments`,
      async (route) => {
        await nextPage.held;
        await route.continue();
      },
    );
    const bodies = () => bodiesIn(reader);
    const more = reader.getByRole('button', { name: 'Load more comments' });

    await reader.goto(`${s.host}/story-more`);
    await expect.poll(bodies).toEqual(['Paged 7', 'Paged 6', 'Paged 5']);
    await more.click();
    await reader.getByLabel('Sort by').selectOption('oldest');
    await expect.poll(bodies).toEqual(['Paged 1', 'Paged 2', 'Paged 3']);
    nextPage.release();
    await answered('/comments?', 1);
    expect(await bodies()).toEqual(['Paged 1', 'Paged 2', 'Paged 3']);
    await more.click();
    await answered('/comments?', 2);
    await expect.poll(bodies).toEqual(['Paged 1', 'Paged 2', 'Paged 3', 'Paged 4', 'Paged 5', 'Paged 6']);
    expect(await reader.locator('[aria-live="polite"]').textContent()).toBe('');
    await reader.close();
  });

  it('loads more top-level comments page by page, without duplicates, in the sort chosen', async () => {
    const story = await open('story-more');
    const more = page.getByRole('button', { name: 'Load more comments' });
    const paged = (...ns: number[]) => ns.map((n) => `Paged ${n}`);

    await expect.poll(topBodies).toEqual(paged(7, 6, 5));
    // A comment the reader posts meanwhile is at the top, and is not listed again by a later page.
    await postAsGuest('Paged 8');
    await expect.poll(topBodies).toEqual(paged(8, 7, 6, 5));
    expect(await page.locator('h2').textContent()).toBe('8 comments');
    await more.click();
    await expect.poll(topBodies).toEqual(paged(8, 7, 6, 5, 4, 3, 2));
    await more.press('Enter');
    await expect.poll(topBodies).toEqual(paged(8, 7, 6, 5, 4, 3, 2, 1));
    await more.waitFor({ state: 'detached' });
    const shown = await topIds();
    expect(new Set(shown).size).toBe(8);
    expect((await allPages(`/stories/${story}/comments`, { sort: 'newest', limit: '3' })).map((c) => c.id)).toEqual(shown);

    // Another sort starts again from its own first page, and its pages follow on.
    await page.getByLabel('Sort by').selectOption('oldest');
    await expect.poll(topBodies).toEqual(paged(1, 2, 3));
    await more.click();
    await expect.poll(topBodies).toEqual(paged(1, 2, 3, 4, 5, 6));
    await more.click();
    await expect.poll(topBodies).toEqual(paged(1, 2, 3, 4, 5, 6, 7, 8));
    await more.waitFor({ state: 'detached' });
    expect((await allPages(`/stories/${story}/comments`, { sort: 'oldest', limit: '3' })).map((c) => c.id)).toEqual(await topIds());
  });

  it('loads more replies under a comment, in order, and keeps its reply count right', async () => {
    const story = await open('story-replies');
    const parent = await seed(story, 'A busy parent');
    for (let n = 1; n <= 53; n++) await seed(story, `Answer ${n}`, parent);
    await page.reload();
    const replies = () => page.locator(`[data-comment-id="${parent}"] > ul > [role="treeitem"] > article .body`).allTextContents();
    const answers = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `Answer ${from + i}`);
    const more = page.locator(`[data-comment-id="${parent}"] > button.more`);

    // The first replies come with the thread; the rest arrive 50 at a time from the replies endpoint.
    await expect.poll(replies).toEqual(answers(1, 3));
    expect(await more.textContent()).toBe('Load 50 more replies');
    await more.click();
    await expect.poll(replies).toEqual(answers(1, 50));
    expect(await more.textContent()).toBe('Load 3 more replies');
    await more.click();
    await expect.poll(replies).toEqual(answers(1, 53));
    await more.waitFor({ state: 'detached' });
    const shown = await idsOf(page.locator(`[data-comment-id="${parent}"] > ul > [role="treeitem"]`));
    expect((await allPages(`/comments/${parent}/replies`, { limit: '50' })).map((c) => c.id)).toEqual(shown);

    // Collapsed, the comment still says how many replies it has.
    await article(parent).getByRole('button', { name: 'Collapse replies' }).click();
    const expand = article(parent).getByRole('button', { name: /^Show \d+ repl/ });
    expect(await expand.textContent()).toBe('Show 53 replies');
    expect((await get<{ comment: CommentView }>(`/comments/${parent}`)).body.comment.replyCount).toBe(53);
  });

  it('gives the focus to the first comment a "load more" button brought, also when the button goes', async () => {
    const story = await createStory('story-focus');
    const top: string[] = [];
    for (let n = 1; n <= 7; n++) top.push(await seed(story, `Focus ${n}`));
    const parent = top[6]!;
    const replies: string[] = [];
    for (let n = 1; n <= 5; n++) replies.push(await seed(story, `Focus answer ${n}`, parent));
    await open('story-focus');
    await expect.poll(topBodies).toEqual(['Focus 7', 'Focus 6', 'Focus 5']);

    // From the keyboard: Enter on the button, then the first new comment has the focus, whether the button stays or not.
    const more = page.getByRole('button', { name: 'Load more comments' });
    await more.press('Enter');
    await expect.poll(activeId).toBe(top[3]);
    expect(await byId(top[3]!).getAttribute('tabindex')).toBe('0');
    await more.press('Enter');
    await more.waitFor({ state: 'detached' });
    await expect.poll(activeId).toBe(top[0]);
    // The tree's keys go on from there.
    await page.keyboard.press('Home');
    await expect.poll(activeId).toBe(parent);

    const moreReplies = page.locator(`[data-comment-id="${parent}"] > button.more`);
    expect(await moreReplies.textContent()).toBe('Load 2 more replies');
    await moreReplies.press('Enter');
    await moreReplies.waitFor({ state: 'detached' });
    await expect.poll(activeId).toBe(replies[3]);
  });

  it("places a reader's new comment where the sort puts it, or first while the end is not loaded", async () => {
    const story = await createStory('story-own');
    for (let n = 1; n <= 4; n++) await seed(story, `Own ${n}`);
    await open('story-own');
    await postAsGuest('Own 5');
    await expect.poll(topBodies).toEqual(['Own 5', 'Own 4', 'Own 3', 'Own 2']);

    // Oldest first with pages still to load: shown first, and not again on the page that holds it.
    await page.getByLabel('Sort by').selectOption('oldest');
    await expect.poll(topBodies).toEqual(['Own 1', 'Own 2', 'Own 3']);
    await postAsGuest('Own 6');
    await expect.poll(topBodies).toEqual(['Own 6', 'Own 1', 'Own 2', 'Own 3']);
    const more = page.getByRole('button', { name: 'Load more comments' });
    await more.click();
    await more.waitFor({ state: 'detached' });
    await expect.poll(topBodies).toEqual(['Own 6', 'Own 1', 'Own 2', 'Own 3', 'Own 4', 'Own 5']);
    // Every page loaded: the next one goes last, where the server lists it too.
    await postAsGuest('Own 7');
    await expect.poll(topBodies).toEqual(['Own 6', 'Own 1', 'Own 2', 'Own 3', 'Own 4', 'Own 5', 'Own 7']);
    expect((await allPages(`/stories/${story}/comments`, { sort: 'oldest' })).at(-1)?.html).toBe('<p>Own 7</p>');
  });
});
