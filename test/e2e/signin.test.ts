import { createServer, type IncomingMessage, type Server } from 'node:http';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, articlePage, chromiumAvailable, startStack, type Stack } from './support.js';

// Callbacks passed to page.evaluate run in the browser; the root tsconfig is Node-only, so they are typed loosely here.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const localStorage: any;
declare const document: any;
/* eslint-enable @typescript-eslint/no-explicit-any */

const hasBrowser = chromiumAvailable();
const PASSWORD = 'correct horse battery staple';

/**
 * A server on 127.0.0.1, Agora's site (cookies ignore the port): it sets a SameSite=None cookie when visited
 * first-party and records the Cookie header of every request, so the test can see what a third party receives.
 */
async function cookieProbe(): Promise<{ origin: string; seen: Map<string, string | null>; close(): Promise<void> }> {
  const seen = new Map<string, string | null>();
  const server: Server = createServer((req: IncomingMessage, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    seen.set(path, req.headers.cookie ?? null);
    if (path === '/set') return void res.writeHead(200, { 'set-cookie': 'probe=1; Path=/; SameSite=None; Secure', 'content-type': 'text/html' }).end('<p>set</p>');
    if (path === '/frame') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<p>framed</p>');
    res.writeHead(200, { 'content-type': 'text/plain', 'access-control-allow-origin': req.headers.origin ?? '*', 'access-control-allow-credentials': 'true' }).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as { port: number }).port}`, seen, close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe.skipIf(!hasBrowser)('widget sign-in through the popup, third-party cookies blocked', () => {
  let s: Stack;
  let page: Page;
  let probe: Awaited<ReturnType<typeof cookieProbe>>;
  let userId: string;

  beforeAll(async () => {
    s = await startStack({
      // Both the switch and the profile setting: third-party cookies blocked whatever this Chromium's default.
      args: ['--test-third-party-cookie-phaseout'],
      preferences: { profile: { cookie_controls_mode: 1, block_third_party_cookies: true } },
    });
    probe = await cookieProbe();
    s.page('story-signin', articlePage({ identifier: 'story-signin' }));
    s.page('third-party', () => `<!doctype html><html><body><iframe src="${probe.origin}/frame"></iframe>
<script>fetch('${probe.origin}/fetch', { credentials: 'include' }).then(() => { document.title = 'fetched'; });</script></body></html>`);
    const user = await s.deps.users.createLocal({ email: 'vera@example.org', password: PASSWORD, displayName: 'Vera Verified', verified: true });
    userId = user.id;
    page = await s.browser.newPage();
    page.setDefaultTimeout(5000);
  });
  afterAll(async () => {
    await s?.close();
    await probe?.close();
  });

  it('really blocks third-party cookies in this browser', async () => {
    await page.goto(`${probe.origin}/set`);
    await page.goto(`${probe.origin}/first-party`);
    expect(probe.seen.get('/first-party')).toBe('probe=1');
    await page.goto(`${s.host}/third-party`);
    await expect.poll(() => page.title()).toBe('fetched');
    await page.frameLocator('iframe').locator('p').waitFor();
    // Embedded on the news site, 127.0.0.1's cookie is third-party: sent neither to a frame nor with a credentialed fetch.
    expect(probe.seen.get('/frame')).toBeNull();
    expect(probe.seen.get('/fetch')).toBeNull();
  });

  it('signs in through the first-party popup and posts as the account', async () => {
    await page.goto(`${s.host}/story-signin`);
    await expect.poll(() => page.locator('h2').textContent()).toBe('No comments yet');
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Sign in' }).click()]);
    await popup.waitForLoadState();
    const opened = new URL(popup.url());
    expect(`${opened.origin}${opened.pathname}`).toBe(`${s.agora}/auth/popup`);
    expect(opened.searchParams.get('origin')).toBe(s.host);
    expect(opened.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    await popup.locator('form[action="/auth/signin"] input[name="email"]').fill('vera@example.org');
    await popup.locator('form[action="/auth/signin"] input[name="password"]').fill(PASSWORD);
    await popup.locator('form[action="/auth/signin"] button[type="submit"]').click();
    // The cookie session works in the popup (first-party); the reader confirms, the token goes to the opener.
    await popup.getByRole('button', { name: 'Continue' }).waitFor();
    await popup.screenshot({ path: join(ARTIFACTS, 'signin-popup.png') });
    await Promise.all([popup.waitForEvent('close'), popup.getByRole('button', { name: 'Continue' }).click()]);

    await expect.poll(() => page.locator('.account span').textContent()).toBe('Signed in as Vera Verified');
    const stored = JSON.parse((await page.evaluate(() => localStorage.getItem('agora:auth:news'))) as string) as { token: string; expiresAt: string; user: { id: string } };
    expect(stored.user.id).toBe(userId);
    expect(Date.parse(stored.expiresAt)).toBeGreaterThan(Date.now());
    // The host page itself holds no Agora cookie, and none was needed.
    expect(await page.evaluate(() => document.cookie)).toBe('');

    const form = page.locator('form.composer--new');
    expect(await form.getByLabel('Name').count()).toBe(0);
    await form.locator('textarea').fill('Signed in and commenting');
    await form.locator('button[type="submit"]').click();
    await page.locator('[role="treeitem"]', { hasText: 'Signed in and commenting' }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'signin-posted.png'), fullPage: true });
    const row = await s.deps.store.db
      .selectFrom('comments')
      .innerJoin('authors', 'authors.id', 'comments.author_id')
      .select(['authors.user_id', 'authors.name', 'comments.status'])
      .where('comments.body', '=', 'Signed in and commenting')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ user_id: userId, name: 'Vera Verified', status: 'approved' });

    // Sign out forgets the token here and revokes it on the server.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('agora:auth:news'))).toBeNull();
    await expect.poll(async () => (await s.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${stored.token}` } })).json().error?.code).toBe('INVALID_TOKEN');
  });

  it('drops a token the server refuses and carries on as a guest', async () => {
    await page.evaluate(() =>
      localStorage.setItem('agora:auth:news', JSON.stringify({ token: 'revoked-token-0123456789abcdef', expiresAt: '2099-01-01T00:00:00.000Z', user: { id: 'x', name: 'Ghost' } })),
    );
    await page.reload();
    await page.locator('[role="treeitem"]', { hasText: 'Signed in and commenting' }).waitFor();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('agora:auth:news'))).toBeNull();
    // An expired token is never sent at all.
    await page.evaluate(() =>
      localStorage.setItem('agora:auth:news', JSON.stringify({ token: 'expired-token-0123456789abcdef', expiresAt: '2000-01-01T00:00:00.000Z', user: { id: 'x', name: 'Old' } })),
    );
    const bearer: string[] = [];
    page.on('request', (r) => void (r.headers().authorization && bearer.push(r.url())));
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.locator('[role="treeitem"]').first().waitFor();
    expect(bearer).toEqual([]);
  });
});
