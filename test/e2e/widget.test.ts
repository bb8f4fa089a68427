import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, articlePage, chromiumAvailable, startStack, type Stack } from './support.js';

// Callbacks passed to page.evaluate run in the browser; the root tsconfig is Node-only, so they are typed loosely here.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare function getComputedStyle(el: unknown): { color: string; direction: string; backgroundColor: string };
type HTMLElement = any;
/* eslint-enable @typescript-eslint/no-explicit-any */

const hasBrowser = chromiumAvailable();

describe.skipIf(!hasBrowser)('widget in Chromium, embedded on another origin', () => {
  let s: Stack;
  let page: Page;
  let storyId: string;

  beforeAll(async () => {
    s = await startStack();
    s.page('story-1', articlePage({ identifier: 'story-1' }));
    s.page('story-ar', articlePage({ identifier: 'story-ar', lang: 'ar', theme: 'dark' }));
    s.page('list', (agora, host) => `<!doctype html><html><body><ul>
<li><a href="${host}/story-1" data-agora-count data-agora-format="{n} comments">comments</a></li>
<li><span data-agora-identifier="story-1">?</span></li><li><span data-agora-identifier="unknown">?</span></li></ul>
<script src="${agora}/count.js" data-site="news" async></script></body></html>`);
    page = await s.browser.newPage();
    page.setDefaultTimeout(5000);
  });
  afterAll(async () => s?.close());

  /** The treeitem whose own text (not a nested reply's) contains `text`. */
  const own = (text: string) => page.locator('[role="treeitem"] > article', { has: page.locator('.body', { hasText: text }) }).first();
  const item = (text: string) => own(text).locator('..');

  it('posts a comment as a guest, keeps the text when the server refuses, and replies', async () => {
    await page.goto(`${s.host}/story-1`);
    await expect.poll(() => page.locator('h2').textContent()).toBe('No comments yet');
    storyId = (await s.deps.stories.find('news', { identifier: 'story-1' }))!.id;
    const form = page.locator('form.composer--new');
    await form.locator('textarea').fill('Hello from **the host page**');
    await expect.poll(() => form.locator('.count').textContent()).toBe('28 / 5000 characters');
    // No name: the server's own words appear beside the form, and the text stays.
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => form.locator('.error').textContent()).toMatch(/name/);
    expect(await form.locator('textarea').inputValue()).toBe('Hello from **the host page**');
    await form.getByLabel('Name').fill('Ada');
    await form.locator('button[type="submit"]').click();
    await item('Hello from').waitFor();
    expect(await item('Hello from').locator('.body strong').textContent()).toBe('the host page');
    expect(await form.locator('textarea').inputValue()).toBe('');
    // The hostile host CSS does not reach into the shadow root.
    expect(await item('Hello from').evaluate((el) => getComputedStyle(el).color)).not.toBe('rgb(255, 0, 0)');

    await item('Hello from').getByRole('button', { name: 'Reply' }).click();
    const reply = page.locator('form.composer--reply');
    await reply.locator('textarea').fill('A reply');
    await reply.locator('button[type="submit"]').click();
    const replyItem = item('A reply');
    await replyItem.waitFor();
    expect(await replyItem.getAttribute('aria-level')).toBe('2');
    expect(await item('Hello from').getAttribute('aria-expanded')).toBe('true');
    await page.screenshot({ path: join(ARTIFACTS, 'widget-thread.png'), fullPage: true });
  });

  it('shows a held comment to its author with a pending notice', async () => {
    await s.deps.sites.create({ id: 'held', name: 'Held', origins: [s.host], settings: { premoderation: 'all' } });
    s.page('held', articlePage({ identifier: 'held', site: 'held' }));
    await page.goto(`${s.host}/held`);
    const form = page.locator('form.composer--new');
    await form.getByLabel('Name').fill('Ada');
    await form.locator('textarea').fill('A comment a moderator reads first');
    await form.locator('button[type="submit"]').click();
    await form.locator('.notice, .error').waitFor();
    expect(await form.locator('.notice, .error').textContent()).toMatch(/awaiting moderation/);
    expect(await own('A comment a moderator reads first').locator('.badge--pending').count()).toBe(1);
    await page.goto(`${s.host}/story-1`);
  });

  it('sees comments from others live in a second page, announced for screen readers', async () => {
    const other = await s.browser.newPage();
    await other.goto(`${s.host}/story-1`);
    await other.locator('[role="treeitem"]').first().waitFor();
    // Post once the second page's stream is open (the server opens it only once subscribed): on a slow machine
    // the stream opens after the thread shows.
    await other.locator('section.thread[data-live="open"]').waitFor();
    const top = await s.deps.comments.create({ storyId, body: 'Live top-level comment', author: { name: 'Bo' } });
    const button = other.locator('button.new-comments');
    await button.waitFor();
    expect(await button.textContent()).toBe('Show 1 new comment');
    expect(await other.locator('[aria-live="polite"]').textContent()).toBe('1 new comment');
    await button.click();
    await other.locator('[role="treeitem"]', { hasText: 'Live top-level comment' }).waitFor();
    // A reply to a loaded comment appears in place at once.
    await s.deps.comments.create({ storyId, parentId: top.comment.id, body: 'Live reply', author: { name: 'Cy' } });
    await other.locator('[role="treeitem"][aria-level="2"]', { hasText: 'Live reply' }).waitFor();
    expect(await other.locator('[aria-live="polite"]').textContent()).toBe('New reply from Cy');
    await other.close();
  });

  it('is usable with the keyboard alone (ARIA tree)', async () => {
    await page.reload();
    const first = page.locator('[role="treeitem"][aria-level="1"]').first();
    await first.waitFor();
    await first.focus();
    const focused = () => page.evaluate(() => {
      const host = document.getElementById('agora-thread')!;
      const el = host.shadowRoot!.activeElement as HTMLElement | null;
      return el ? `${el.getAttribute('aria-level')}:${el.querySelector('.body')?.textContent ?? ''}` : null;
    });
    const start = await focused();
    expect(start).toMatch(/^1:/);
    await page.keyboard.press('ArrowDown');
    expect(await focused()).not.toBe(start);
    await page.keyboard.press('Home');
    expect(await focused()).toBe(start);
    await page.keyboard.press('End');
    await page.keyboard.press('Home');
    // Hello from has a reply: Right enters it, Left returns, Left again collapses.
    const hello = item('Hello from');
    await hello.focus();
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toBe('2:A reply');
    await page.keyboard.press('ArrowLeft');
    expect(await focused()).toMatch(/^1:Hello from/);
    await page.keyboard.press('ArrowLeft');
    expect(await hello.getAttribute('aria-expanded')).toBe('false');
    expect(await item('A reply').count()).toBe(0);
    await page.keyboard.press('ArrowRight');
    expect(await hello.getAttribute('aria-expanded')).toBe('true');
    // Only one comment is in the tab order (roving tabindex).
    expect(await page.locator('[role="treeitem"][tabindex="0"]').count()).toBe(1);
  });

  it('reacts and reports', async () => {
    const target = item('Live top-level comment');
    const react = own('Live top-level comment').locator('button.react');
    expect(await react.getAttribute('aria-pressed')).toBe('false');
    await react.click();
    await expect.poll(() => react.getAttribute('aria-pressed')).toBe('true');
    expect(await react.textContent()).toBe('Upvote · 1');
    const id = (await target.getAttribute('data-comment-id'))!;
    expect((await s.deps.store.db.selectFrom('comments').select('upvotes').where('id', '=', id).executeTakeFirstOrThrow()).upvotes).toBe(1);
    // Reloading remembers the reaction through the anonymous voter token.
    await page.reload();
    await expect.poll(() => own('Live top-level comment').locator('button.react').getAttribute('aria-pressed')).toBe('true');

    await own('Live top-level comment').getByRole('button', { name: 'Report' }).click();
    const form = page.locator('form.report');
    await form.getByLabel('Off-topic').check();
    await form.locator('textarea').fill('not about the story');
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => own('Live top-level comment').locator('.notice').textContent()).toMatch(/Thank you/);
    const reports = await s.deps.store.db.selectFrom('reports').selectAll().where('comment_id', '=', id).execute();
    expect(reports.map((r) => [r.reason, r.note])).toEqual([['offtopic', 'not about the story']]);
  });

  it('opens the thread at a permalinked comment', async () => {
    const reply = await s.deps.store.db.selectFrom('comments').select('id').where('body', '=', 'Live reply').executeTakeFirstOrThrow();
    await page.goto(`${s.host}/story-1#agora-comment-${reply.id}`);
    const target = page.locator(`[data-comment-id="${reply.id}"]`);
    await target.waitFor();
    await expect.poll(() => target.getAttribute('class')).toContain('comment--target');
    expect(await page.evaluate(() => (document.getElementById('agora-thread')!.shadowRoot!.activeElement as HTMLElement | null)?.dataset.commentId)).toBe(reply.id);
  });

  it('renders Arabic right to left, in the dark theme', async () => {
    await page.goto(`${s.host}/story-ar`);
    const box = page.locator('.agora');
    await page.locator('h2').waitFor();
    expect(await box.getAttribute('dir')).toBe('rtl');
    expect(await box.getAttribute('lang')).toBe('ar');
    expect(await page.locator('h2').textContent()).toBe('لا تعليقات بعد');
    expect(await box.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    expect(await box.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(22, 23, 27)');
    const storyAr = (await s.deps.stories.find('news', { identifier: 'story-ar' }))!;
    const parent = await s.deps.comments.create({ storyId: storyAr.id, body: 'مرحبا بالجميع', author: { name: 'ليلى' } });
    await s.deps.comments.create({ storyId: storyAr.id, parentId: parent.comment.id, body: 'أهلا', author: { name: 'سامي' } });
    await page.reload();
    const child = page.locator('[role="treeitem"][aria-level="2"]');
    await child.waitFor();
    // Indentation uses logical properties: in RTL a reply is indented from the right edge.
    const [p, c] = await Promise.all([
      page.locator('[role="treeitem"][aria-level="1"] > article').first().boundingBox(),
      child.locator('article').boundingBox(),
    ]);
    expect(c!.x + c!.width).toBeLessThan(p!.x + p!.width - 10);
    await page.screenshot({ path: join(ARTIFACTS, 'widget-rtl-dark.png'), fullPage: true });
  });

  it('fills a story list with counts in one request', async () => {
    const list = await s.browser.newPage();
    const calls: string[] = [];
    list.on('request', (r) => r.url().includes('/counts') && calls.push(r.url()));
    await list.goto(`${s.host}/list`);
    await list.locator('a[data-agora-count-loaded]').waitFor();
    const n = (await s.deps.stories.find('news', { identifier: 'story-1' }))!.commentCount;
    expect(await list.locator('a').textContent()).toBe(`${n} comments`);
    expect(await list.locator('[data-agora-identifier="story-1"]').textContent()).toBe(String(n));
    expect(await list.locator('[data-agora-identifier="unknown"]').textContent()).toBe('0');
    expect(calls).toHaveLength(1);
    await list.close();
  });

  it('nudges before a toxic comment: Edit keeps the text, a revision or Post anyway is sent acknowledged', async () => {
    s.page('story-nudge', articlePage({ identifier: 'story-nudge' }));
    await page.goto(`${s.host}/story-nudge`);
    const form = page.locator('form.composer--new');
    await form.getByLabel('Name').fill('Tess');
    await form.locator('textarea').fill('you idiot');
    await form.locator('button[type="submit"]').click();
    const nudge = form.locator('.nudge');
    await nudge.waitFor();
    expect(await nudge.locator('p').textContent()).toMatch(/may be hurtful/);
    expect(await form.locator('.error').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'widget-nudge.png'), fullPage: true });
    // Edit: back to the text as written, focused.
    await nudge.getByRole('button', { name: 'Edit' }).click();
    await expect.poll(() => page.evaluate(() => document.getElementById('agora-thread')!.shadowRoot!.activeElement?.tagName)).toBe('TEXTAREA');
    expect(await form.locator('textarea').inputValue()).toBe('you idiot');
    expect(await nudge.count()).toBe(0);
    await form.locator('textarea').fill('I disagree with you');
    await form.locator('button[type="submit"]').click();
    await item('I disagree with you').waitFor();
    // Warned again, and this time posted as it is: held for a moderator.
    await form.locator('textarea').fill('scum, all of them');
    await form.locator('button[type="submit"]').click();
    await nudge.getByRole('button', { name: 'Post anyway' }).click();
    await expect.poll(() => form.locator('.notice').textContent()).toMatch(/awaiting moderation/);
    const reasons = async (body: string) =>
      JSON.parse((await s.deps.store.db.selectFrom('comments').select('reasons').where('body', '=', body).executeTakeFirstOrThrow()).reasons) as Array<{ phase: string; reason: string }>;
    expect(await reasons('I disagree with you')).toContainEqual({ phase: 'nudge', reason: 'revised after a toxicity warning' });
    expect(await reasons('scum, all of them')).toContainEqual({ phase: 'nudge', reason: 'posted unchanged after a toxicity warning' });
  });

  it("replaces the server-rendered thread on Agora's own article page", async () => {
    const story = (await s.deps.stories.find('news', { identifier: 'story-1' }))!;
    const own = await s.browser.newPage();
    await own.goto(`${s.agora}/stories/${story.id}`);
    await own.locator('.agora h2').waitFor();
    expect(await own.locator('.agora [role="treeitem"]').count()).toBeGreaterThan(0);
    // The plain thread stays in the page for readers without JavaScript, but is not shown beside the widget.
    expect(await own.locator('#agora-thread > ul.thread').count()).toBe(1);
    expect(await own.locator('#agora-thread > ul.thread').isVisible()).toBe(false);
    await own.screenshot({ path: join(ARTIFACTS, 'agora-article-widget.png'), fullPage: true });
    await own.close();
  });
});
