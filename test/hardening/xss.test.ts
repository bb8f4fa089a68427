import { Readable } from 'node:stream';
import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPage } from '../../src/importers/page/import.js';
import { importWordPress } from '../../src/importers/wordpress.js';
import { articlePage, chromiumAvailable, startStack, type Stack } from '../e2e/support.js';

// Callbacks passed to page.evaluate run in the browser; the root tsconfig is Node-only, so they are typed loosely here.
/* eslint-disable @typescript-eslint/no-explicit-any -- browser-side callbacks, typed loosely on purpose */

/**
 * Script-injection payloads as comments, author names, story titles (resolve route, imported pages) and imported
 * WordPress content, rendered in Chromium: the article page, the widget on another origin, the moderators'
 * workspace. Every payload that ran would set window.__xss or open a dialog.
 */
const RUN = 'window.__xss=1';
export const PAYLOADS: string[] = [
  `<script>${RUN}</script>`,
  `<img src=x onerror="${RUN}">`,
  `<svg onload="${RUN}"></svg>`,
  `<svg><script>${RUN}</script></svg>`,
  `<iframe src="javascript:${RUN}"></iframe>`,
  `<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>`,
  `"><script>${RUN}</script>`,
  `'><img src=x onerror=${RUN}>`,
  `" onmouseover="${RUN}" x="`,
  `' autofocus onfocus='${RUN}`,
  `</textarea><script>${RUN}</script>`,
  `</title><script>${RUN}</script>`,
  `<a href="javascript:${RUN}">click</a>`,
  `[click](javascript:${RUN})`,
  `[click](JaVaScRiPt:${RUN})`,
  `[click](java\tscript:${RUN})`,
  `[click](&#106;avascript:${RUN})`,
  `[click](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==)`,
  `![img](javascript:${RUN})`,
  `![x" onerror="${RUN}](https://x.example/a.png)`,
  `[x](https://ok.example/" onclick="${RUN})`,
  `<javascript:${RUN}>`,
  `[\u202Egnp.elif](javascript:${RUN})`,
  `[login](jаvascript:${RUN})`,
  `&lt;script&gt;${RUN}&lt;/script&gt;`,
  `&#60;img src=x onerror=${RUN}&#62;`,
  `\\u003cscript\\u003e${RUN}\\u003c/script\\u003e`,
  `<style>body{background:url("javascript:${RUN}")}</style>`,
  `<div style="background:url(javascript:${RUN})">css</div>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=${RUN}>`,
  `<object data="data:text/html,<script>parent.__xss=1</script>"></object>`,
  `<embed src="javascript:${RUN}">`,
  `<form action="javascript:${RUN}"><button>go</button></form>`,
  `<details open ontoggle="${RUN}">`,
  `<base href="javascript:/">`,
  `<meta http-equiv="refresh" content="0;url=javascript:${RUN}">`,
  `{{constructor.constructor('${RUN}')()}}`,
  `\${${RUN}}`,
];

const MARK = /__xss|javascript:|onerror|onload/i;

/** What a page shows if a payload got through: run markers, injected elements, dangerous URLs (shadow roots included). */
async function injected(page: Page): Promise<{ flag: unknown; found: string[] }> {
  return page.evaluate(() => {
    const found: string[] = [];
    const bad = /^(javascript|data|vbscript):/;
    const visit = (root: any) => {
      for (const el of root.querySelectorAll('*')) {
        const tag = String(el.tagName).toLowerCase();
        if (['iframe', 'object', 'embed', 'base', 'meta'].includes(tag) && el.closest('body')) found.push(`<${tag}>`);
        if (tag === 'script' && (!el.src || /__xss/.test(el.textContent ?? ''))) found.push(`<script>${String(el.textContent).slice(0, 60)}`);
        if (tag === 'style' && /__xss|javascript/i.test(el.textContent ?? '')) found.push('<style> from a payload');
        for (const a of Array.from(el.attributes ?? []) as Array<{ name: string; value: string }>) {
          if (a.name.startsWith('on')) found.push(`<${tag} ${a.name}>`);
          // Browsers drop control characters and spaces inside a scheme: so does the check.
          // eslint-disable-next-line no-control-regex -- control characters are what the check removes
          const v = a.value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
          if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc'].includes(a.name) && bad.test(v)) found.push(`<${tag} ${a.name}=${a.value.slice(0, 40)}>`);
          if (a.name === 'style' && /javascript|__xss/i.test(a.value)) found.push(`<${tag} style=${a.value.slice(0, 40)}>`);
        }
        if (el.shadowRoot) visit(el.shadowRoot);
      }
    };
    visit(document);
    return { flag: window.__xss, found };
  });
}

declare const document: any;
declare const window: any;

const hasBrowser = chromiumAvailable();

describe.skipIf(!hasBrowser)('script injection rendered in Chromium', () => {
  let s: Stack;
  let page: Page;
  let storyId: string;
  const dialogs: string[] = [];
  const htmlWithoutCsp: string[] = [];
  const agoraResponses: string[] = [];
  const storyIds: string[] = [];

  beforeAll(async () => {
    s = await startStack();
    const rateLimits = { postsPerMinutePerIp: 1e6, postsPerMinutePerUser: 1e6, signInsPer15MinPerIp: 1e6, signUpsPerHourPerIp: 1e6 };
    await s.deps.sites.update('news', { settings: { rateLimits } });
    const site = await s.deps.sites.get('news');
    const api = (path: string, data: unknown) => fetch(`${s.agora}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data) });

    // The story the widget and article show: every payload as a body, under a payload as the author's name.
    const story = await api('/api/v1/sites/news/stories/resolve', { url: `${s.host}/xss`, identifier: 'xss', title: PAYLOADS[0] });
    expect(story.status).toBe(201);
    storyId = ((await story.json()) as { story: { id: string } }).story.id;
    storyIds.push(storyId);
    for (const [i, body] of PAYLOADS.entries()) {
      const res = await api(`/api/v1/stories/${storyId}/comments`, { body: `${body} #${i}`, author: { name: PAYLOADS[(i + 1) % PAYLOADS.length]!.slice(0, 80) }, warning: 'acknowledged' });
      expect(res.status, await res.clone().text()).toBe(201);
    }
    // Story titles through the resolve route.
    for (const [i, title] of PAYLOADS.slice(0, 12).entries()) {
      const res = await api('/api/v1/sites/news/stories/resolve', { url: `${s.host}/t${i}`, title });
      storyIds.push(((await res.json()) as { story: { id: string } }).story.id);
    }
    // An imported page whose headline, caption and comments are payloads.
    const text = `${PAYLOADS[1]} headline\n\n\n${PAYLOADS[2]} caption (Photo by ${PAYLOADS[6]})\n\nBody ${PAYLOADS[4]} text.\n\n  • ${PAYLOADS[7]}\n\n    ${PAYLOADS[13]}\n\n    • ${PAYLOADS[3]}\n\n      ${PAYLOADS[19]}\n`;
    const imported = await importPage(s.deps, { text, site, url: `${s.host}/imported` });
    storyIds.push(imported.story.id);
    // WordPress content: HTML comments, turned into Markdown on the way in.
    const wxr = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>X</title><item>
<title><![CDATA[${PAYLOADS[11]} wp title]]></title><link>${s.host}/wp</link><wp:post_id>1</wp:post_id><wp:post_date_gmt>2026-01-01 00:00:00</wp:post_date_gmt><wp:status>publish</wp:status>
${PAYLOADS.slice(0, 14)
  .map((p, i) => `<wp:comment><wp:comment_id>${i + 1}</wp:comment_id><wp:comment_author><![CDATA[${p.slice(0, 60)}]]></wp:comment_author><wp:comment_date_gmt>2026-01-01 01:0${i % 10}:00</wp:comment_date_gmt><wp:comment_content><![CDATA[${p} <a href="javascript:${RUN}">wp link</a> <img src="x" onerror="${RUN}">]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>`)
  .join('\n')}
</item></channel></rss>`;
    await importWordPress(s.deps, { input: { stream: Readable.from([wxr]), size: null }, site });
    const wp = await s.deps.stories.find('news', { url: `${s.host}/wp` });
    if (wp) storyIds.push(wp.id);

    page = await s.browser.newPage();
    page.setDefaultTimeout(8000);
    page.on('dialog', (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    page.on('response', (r: Response) => {
      if (!r.url().startsWith(s.agora)) return;
      agoraResponses.push(r.url());
      const type = r.headers()['content-type'] ?? '';
      if (type.startsWith('text/html') && !r.headers()['content-security-policy']) htmlWithoutCsp.push(r.url());
    });
  }, 120_000);
  afterAll(async () => s?.close());

  const clean = async (where: string) => {
    const got = await injected(page);
    expect({ where, flag: got.flag ?? null, found: got.found, dialogs }).toEqual({ where, flag: null, found: [], dialogs: [] });
  };

  it('the front page, every article page and the permalinks run nothing', async () => {
    await page.goto(`${s.agora}/`);
    await clean('front page');
    for (const id of storyIds) {
      const res = await page.goto(`${s.agora}/stories/${id}`);
      expect(res?.status()).toBe(200);
      await clean(`/stories/${id}`);
    }
    const first = (await page.locator('[data-comment-id]').first().getAttribute('data-comment-id')) ?? '';
    await page.goto(`${s.agora}/stories/${storyIds.at(-1)}/comments/${first}`);
    await clean('permalink');
    // The payloads are shown as text, not dropped: a reader sees what was written.
    await page.goto(`${s.agora}/stories/${storyId}`);
    expect(await page.locator('body').innerText()).toContain('<script>window.__xss=1</script>');
  });

  it('the widget embedded on another origin runs nothing, inside its shadow root too', async () => {
    s.page('xss', articlePage({ identifier: 'xss' }));
    await page.goto(`${s.host}/xss`);
    // Wait for the thread itself: the payload comments are drawn inside the shadow root.
    await expect
      .poll(async () => page.evaluate(() => [...document.querySelectorAll('*')].filter((e: any) => e.shadowRoot).map((e: any) => e.shadowRoot.querySelectorAll('[role="treeitem"]').length).reduce((a: number, b: number) => a + b, 0)), { timeout: 10_000 })
      .toBeGreaterThan(10);
    await clean('widget');
    // The check itself sees into the shadow root: a planted link is found, then removed.
    const planted = await page.evaluate(() => {
      const host = [...document.querySelectorAll('*')].find((e: any) => e.shadowRoot);
      const a = document.createElement('a');
      a.setAttribute('href', ' JavaScript:void 0');
      a.id = 'planted';
      host.shadowRoot.appendChild(a);
      return true;
    });
    expect(planted).toBe(true);
    expect((await injected(page)).found).toEqual(['<a href= JavaScript:void 0>']);
    await page.evaluate(() => [...document.querySelectorAll('*')].find((e: any) => e.shadowRoot).shadowRoot.getElementById('planted').remove());
  });

  it('the moderation workspace shows the payloads to a moderator and runs nothing', async () => {
    const mod = await s.deps.users.createLocal({ email: 'xss-mod@example.org', password: 'correct horse battery staple', displayName: PAYLOADS[1]!, verified: true });
    await s.deps.users.setMembership('news', mod.id, { role: 'moderator' });
    const signin = await page.request.post(`${s.agora}/api/v1/auth/signin`, { data: { email: 'xss-mod@example.org', password: 'correct horse battery staple' } });
    expect(signin.status()).toBe(200);
    // Into the pending queue, where the workspace opens.
    const rows = await s.deps.store.db.selectFrom('comments').select('id').where('story_id', '=', storyId).execute();
    for (const r of rows) await s.deps.comments.setStatus(r.id, 'pending');
    await page.goto(`${s.agora}/admin`);
    await expect.poll(() => page.locator('.item').count(), { timeout: 10_000 }).toBeGreaterThan(10);
    await clean('moderation queue');
    await page.locator('.item').first().click();
    await clean('moderation item focused');
  });

  it('every HTML response from Agora carried a Content-Security-Policy, and so do its scripts and widget files', async () => {
    expect(htmlWithoutCsp).toEqual([]);
    expect(agoraResponses.length).toBeGreaterThan(10);
    const files = ['/embed.js', '/count.js', '/', `/stories/${storyId}`, '/admin', '/auth/signin', '/api/docs', '/no-such-page'];
    const widgetFiles = agoraResponses.filter((u) => /\/(widget|admin\/assets)\//.test(u)).map((u) => new URL(u).pathname);
    expect(widgetFiles.length).toBeGreaterThan(0);
    for (const path of [...files, ...new Set(widgetFiles)]) {
      const res = await fetch(`${s.agora}${path}`, { headers: { accept: 'text/html' }, redirect: 'manual' });
      expect(res.headers.get('content-security-policy'), path).toMatch(/default-src '(self|none)'/);
    }
    const article = await fetch(`${s.agora}/stories/${storyId}`);
    expect(article.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(article.headers.get('content-security-policy')).not.toContain('unsafe-inline');
  });

  it('payload markers never reach a response unescaped', async () => {
    const html = await (await fetch(`${s.agora}/stories/${storyId}`)).text();
    const stripped = html.replace(/<script type="module" src="[^"]+"><\/script>|<script src="\/[^"]+"( defer)?><\/script>/g, '');
    expect(stripped).not.toMatch(/<script>|<img[^>]+onerror|<svg[^>]+onload|<iframe|href="javascript:/i);
    expect(MARK.test(html)).toBe(true);
  });
});
