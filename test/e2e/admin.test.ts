import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { buildDeps, type Deps } from '../../src/deps.js';
import { keywordScorer } from '../../src/test-support/app.js';
import { createTestStore, type TestStore } from '../../src/test-support/stores.js';
import { WebhookRepository } from '../../src/webhooks/webhook.repository.js';
import { ARTIFACTS, buildWeb, CHROMIUM, chromiumAvailable } from './support.js';

const hasBrowser = chromiumAvailable();

/** A free port, so PUBLIC_URL (the origin the CSRF check expects) is the address the browser uses. */
async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

describe.skipIf(!hasBrowser)('moderation workspace in Chromium', () => {
  let deps: Deps;
  let app: FastifyInstance;
  let store: TestStore;
  let browser: BrowserContext;
  let page: Page;
  let agora: string;
  let webDir: string;
  let profile: string;
  const ids: string[] = [];

  beforeAll(async () => {
    webDir = buildWeb();
    store = await createTestStore('sqlite');
    const port = await freePort();
    agora = `http://127.0.0.1:${port}`;
    deps = buildDeps(loadConfig({ DATABASE_URL: ':memory:', LOG_LEVEL: 'silent', PUBLIC_URL: agora }), { store, scorer: keywordScorer });
    app = await buildApp(deps, { logger: false, webDir });
    await app.listen({ port, host: '127.0.0.1' });

    await deps.sites.create({ id: 'news', name: 'News', origins: ['https://news.example'] });
    const story = await deps.stories.create({ siteId: 'news', url: 'https://news.example/budget', title: 'Budget vote' });
    for (const body of ['First: you idiot', 'Second: scum, all of them', 'Third: I hate you']) {
      ids.push((await deps.comments.create({ storyId: story.id, body, author: { name: 'Troll' }, warning: 'acknowledged' })).comment.id);
    }
    const mod = await deps.users.createLocal({ email: 'mod@example.org', password: 'correct horse battery staple', displayName: 'Mo Derator', verified: true });
    await deps.users.setMembership('news', mod.id, { role: 'moderator' });

    mkdirSync(ARTIFACTS, { recursive: true });
    profile = mkdtempSync(join(tmpdir(), 'agora-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1200, height: 900 },
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(5000);
    // Signs in through the API like the account page does; the session cookie lands in the browser's jar.
    const res = await page.request.post(`${agora}/api/v1/auth/signin`, { data: { email: 'mod@example.org', password: 'correct horse battery staple' } });
    expect(res.status()).toBe(200);
  });

  afterAll(async () => {
    await browser?.close().catch(() => {});
    await app?.close();
    await store?.destroy();
    if (profile) rmSync(profile, { recursive: true, force: true });
    if (webDir) rmSync(webDir, { recursive: true, force: true });
  });

  const focused = () => page.locator('.item.focused').getAttribute('data-comment-id');
  const status = async (id: string) => (await deps.moderationWorkspace.queue.get('news', id)).status;
  const shown = () => page.locator('.item').evaluateAll((els) => els.map((e) => e.getAttribute('data-comment-id')));

  it('moves through the pending queue and decides with the keyboard, then undoes', async () => {
    await page.goto(`${agora}/admin`);
    await expect.poll(shown).toEqual(ids);
    await expect.poll(() => page.locator('[data-queue="pending"] .count').textContent()).toBe('3');
    expect(await focused()).toBe(ids[0]);

    await page.keyboard.press('j');
    await expect.poll(focused).toBe(ids[1]);
    await page.keyboard.press('j');
    await expect.poll(focused).toBe(ids[2]);
    await page.keyboard.press('k');
    await page.keyboard.press('k');
    await expect.poll(focused).toBe(ids[0]);

    await page.keyboard.press('a');
    await expect.poll(shown).toEqual([ids[1], ids[2]]);
    expect(await status(ids[0]!)).toBe('approved');
    await expect.poll(focused).toBe(ids[1]);

    await page.keyboard.press('r');
    await page.getByRole('dialog', { name: 'Reject' }).waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(shown).toEqual([ids[2]]);
    expect(await status(ids[1]!)).toBe('rejected');
    const rejection = (await deps.moderationWorkspace.audit.list({ siteId: 'news', commentId: ids[1]!, action: 'reject' }, { limit: 1 })).entries[0];
    expect(rejection?.reason).toBe('Personal attack');

    await page.keyboard.press('u');
    await expect.poll(shown).toEqual([ids[1], ids[2]]);
    expect(await status(ids[1]!)).toBe('pending');
    await expect.poll(() => page.locator('[data-queue="pending"] .count').textContent()).toBe('2');
    await page.screenshot({ path: join(ARTIFACTS, 'admin-queue.png'), fullPage: true });
  });

  it('shows the help overlay, switches queues with number keys and focuses search with /', async () => {
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    expect(await help.textContent()).toContain('approve');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });

    await page.keyboard.press('5');
    await expect.poll(() => page.locator('[data-queue="approved"]').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(shown).toEqual([ids[0]]);
    await page.keyboard.press('6');
    await expect.poll(shown).toEqual([]);

    await page.keyboard.press('/');
    await page.keyboard.type('scum');
    await page.keyboard.press('Enter');
    await expect.poll(shown).toEqual([ids[1]]);
    // A stale decision (changed in the store meanwhile) is refused, and the page says so.
    await deps.moderationWorkspace.decisions.decide(
      (await deps.users.actor((await deps.users.findByLoginEmail('mod@example.org'))!.id, { id: 'x', kind: 'cookie', siteId: null }))!,
      { siteId: 'news', commentId: ids[1]!, action: 'approve', expectedStatus: 'pending' },
    );
    await page.locator('.item').first().click();
    await page.keyboard.press('r');
    // Confirm only once the dialog is open: a slow machine may not have drawn it yet when Enter is pressed.
    await page.getByRole('dialog', { name: 'Reject' }).waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.message.error').textContent()).toMatch(/changed/);
    expect(await status(ids[1]!)).toBe('approved');
  });

  it("shows a site administrator the Webhooks view: adds one, shows its secret once and lists its deliveries", async () => {
    // The moderator has no Webhooks tab; an administrator has.
    await expect.poll(() => page.locator('nav.views button').allTextContents()).toEqual(['queues', 'dashboard', 'audit', 'settings']);
    await deps.users.createLocal({ email: 'boss@example.org', password: 'correct horse battery staple', displayName: 'Bo Ss', verified: true, role: 'admin' });
    // The browser holds the moderator's session cookie now: a change sent with it must carry our origin.
    const res = await page.request.post(`${agora}/api/v1/auth/signin`, { headers: { origin: agora }, data: { email: 'boss@example.org', password: 'correct horse battery staple' } });
    expect(res.status()).toBe(200);
    await page.goto(`${agora}/admin`);
    await page.getByRole('button', { name: 'webhooks' }).click();
    await page.getByText('No webhooks on this site.').waitFor();

    await page.getByLabel('URL').fill('https://hooks.example/agora');
    await page.getByLabel('comment.status').check();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const secret = (await page.locator('.secret code').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    const row = page.locator('.webhook-list > li');
    await expect.poll(() => row.count()).toBe(1);
    const hookId = (await row.getAttribute('data-webhook-id'))!;
    expect(await row.textContent()).toContain('https://hooks.example/agora');
    expect(await row.textContent()).toContain('comment.created, comment.status');
    await page.getByRole('button', { name: 'Done' }).click();
    await page.locator('.secret').waitFor({ state: 'detached' });

    // Two attempts of one event, the first failed with an answer that must show as text.
    const repo = new WebhookRepository(store.db);
    const at = Date.now();
    await repo.insertDelivery({ id: 'd1', webhook_id: hookId, event_id: 'e1', event_type: 'comment.created', attempt: 1, status_code: null, duration_ms: 30, error: '<img src=x onerror=alert(1)> refused', created_at: at });
    await repo.insertDelivery({ id: 'd2', webhook_id: hookId, event_id: 'e1', event_type: 'comment.created', attempt: 2, status_code: 200, duration_ms: 12, error: null, created_at: at + 60_000 });
    await row.getByRole('button', { name: 'Delivery log' }).click();
    const cells = () => row.locator('.deliveries tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(1).map((td) => td.textContent)));
    await expect.poll(cells).toEqual([
      ['comment.created', '2', '200', '12 ms', ''],
      ['comment.created', '1', '—', '30 ms', '<img src=x onerror=alert(1)> refused'],
    ]);
    expect(await row.locator('.deliveries img').count()).toBe(0);
    expect(await page.locator('.secret').count()).toBe(0);
    expect(JSON.stringify((await page.request.get(`${agora}/api/v1/sites/news/webhooks`)).json())).not.toContain(secret);
    await page.screenshot({ path: join(ARTIFACTS, 'admin-webhooks.png'), fullPage: true });
  });
});
