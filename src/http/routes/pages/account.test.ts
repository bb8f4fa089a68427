import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../../lib/paths.js';
import { createTestApp, type TestApp } from '../../../test-support/app.js';
import { linkIn } from '../../../test-support/users.js';

const ORIGIN = 'http://agora.test';
const form = (data: Record<string, string>) => new URLSearchParams(data).toString();

describe('account pages and the widget sign-in popup', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    await t.deps.sites.create({ id: 'news', name: 'News <Daily>', origins: ['https://news.example'] });
    await t.deps.users.createLocal({ email: 'pop@example.org', password: 'popup password', displayName: '<b>Pop</b>', verified: true });
  });
  afterAll(async () => t?.close());
  const postForm = (url: string, data: Record<string, string>, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, ...headers }, payload: form(data) });

  it('signs in through the popup and hands a site-scoped bearer token to the opener', async () => {
    const popup = '/auth/popup?site=news&origin=https%3A%2F%2Fnews.example&nonce=n0nce-123';
    const first = await t.app.inject({ url: popup });
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('News &lt;Daily&gt;');
    expect(first.headers['content-security-policy']).toMatch(/script-src 'self'/);
    const signin = await postForm('/auth/signin', { email: 'pop@example.org', password: 'popup password', next: popup });
    expect(signin.statusCode).toBe(303);
    expect(signin.headers.location).toBe(popup);
    const cookie = String(signin.headers['set-cookie']).split(';')[0]!;
    const confirm = await t.app.inject({ url: popup, headers: { cookie } });
    expect(confirm.body).toContain('&lt;b&gt;Pop&lt;/b&gt;');
    const done = await postForm('/auth/popup', { site: 'news', origin: 'https://news.example', nonce: 'n0nce-123' }, { cookie });
    expect(done.statusCode).toBe(200);
    expect(done.headers['cache-control']).toBe('no-store');
    expect(done.body).toContain('data-origin="https://news.example"');
    expect(done.body).toContain('<script src="/assets/auth-popup.js"></script>');
    expect(done.body).not.toMatch(/<script>/);
    const token = /data-token="([\w-]+)"/.exec(done.body)?.[1];
    const me = await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.json().user.displayName).toBe('<b>Pop</b>');
    const js = readFileSync(join(packageRoot(), 'public', 'auth-popup.js'), 'utf8');
    expect(js).toContain('postMessage');
    expect((await t.app.inject({ url: '/assets/auth-popup.js' })).statusCode).toBe(200);
  });

  it('refuses openers outside the site origins and cross-site form posts', async () => {
    const bad = await t.app.inject({ url: '/auth/popup?site=news&origin=https%3A%2F%2Fevil.example&nonce=n0nce-123', headers: { accept: 'text/html' } });
    expect(bad.statusCode).toBe(403);
    const csrf = await postForm('/auth/signin', { email: 'pop@example.org', password: 'popup password' }, { origin: 'https://evil.example' });
    expect(csrf.statusCode).toBe(403);
    const wrong = await postForm('/auth/signin', { email: 'pop@example.org', password: 'wrong one!!' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('wrong email or password');
  });

  it('magic-link landing needs a click (mail scanners do not use up the link) and works once', async () => {
    await postForm('/auth/magic-link', { email: 'pop@example.org', next: '/auth/account' });
    const { url, token } = linkIn(t.deps, 'pop@example.org');
    const landing = await t.app.inject({ url: new URL(url).pathname + new URL(url).search });
    expect(landing.body).toContain('method="post"');
    const used = await postForm('/auth/magic', { token });
    expect([used.statusCode, used.headers.location]).toEqual([303, '/auth/account']);
    const again = await postForm('/auth/magic', { token });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('used already');
  });

  it('first run: the one-time setup link creates the admin, then is gone', async () => {
    const link = await t.deps.auth.firstRunSetupLink();
    expect(link).toMatch(/^http:\/\/agora\.test\/setup\?token=/);
    const token = new URL(link!).searchParams.get('token')!;
    expect((await postForm('/setup', { token: 'wrong-token-value', displayName: 'Root', email: 'root@example.org', password: 'root password' })).statusCode).toBe(401);
    const ok = await postForm('/setup', { token, displayName: 'Root', email: 'root@example.org', password: 'root password' });
    expect(ok.statusCode).toBe(303);
    expect((await t.deps.users.findByLoginEmail('root@example.org'))?.role).toBe('admin');
    expect(await t.deps.auth.firstRunSetupLink()).toBeNull();
    expect((await postForm('/setup', { token, displayName: 'Again', email: 'again@example.org', password: 'root password' })).statusCode).toBe(409);
  });
});
