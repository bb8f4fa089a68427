import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxMailer } from '../../../mail/outbox.js';
import { createTestApp, type TestApp } from '../../../test-support/app.js';
import { DIALECTS, postgresAvailable } from '../../../test-support/stores.js';
import { linkIn, userWithRole } from '../../../test-support/users.js';

const pgUp = await postgresAvailable();

describe.each(DIALECTS)('accounts on %s', (dialect) => {
  let t: TestApp;
  let storyId: string;
  const skip = dialect === 'postgres' && !pgUp;
  const post = (headers: Record<string, string>, body = 'hello', extra: Record<string, unknown> = {}) => {
    t.clock.advance(7_000);
    return t.app.inject({ method: 'POST', url: `/api/v1/stories/${storyId}/comments`, headers, payload: { body, ...extra } });
  };
  beforeAll(async () => {
    if (skip) return;
    t = await createTestApp(dialect);
    await t.deps.sites.create({ id: 'news', name: 'News', origins: ['https://news.example'] });
    storyId = (await t.deps.stories.create({ siteId: 'news', url: 'https://news.example/a', title: 'A' })).id;
  });
  afterAll(async () => t?.close());
  const run = skip ? it.skip : it;

  run('signs up, verifies by email, signs in with a password and posts as the account', async () => {
    const up = await t.app.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { email: 'Ada@Example.org', password: 'correct horse battery', displayName: 'Ada L', siteId: 'news' } });
    expect(up.statusCode).toBe(201);
    expect(up.json().user).toMatchObject({ displayName: 'Ada L', emailVerified: false, role: 'commenter' });
    expect(JSON.stringify(up.json())).not.toMatch(/argon2|password_hash|passwordHash/);
    const auth = { authorization: `Bearer ${up.json().token}` };
    // Unverified: may sign in but not comment.
    expect((await post(auth)).json().error.code).toBe('EMAIL_NOT_VERIFIED');
    const { token } = linkIn(t.deps, 'Ada@Example.org');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/verify', payload: { token } })).json().user.emailVerified).toBe(true);
    const replay = await t.app.inject({ method: 'POST', url: '/api/v1/auth/verify', payload: { token } });
    expect([replay.statusCode, replay.json().error.code]).toEqual([409, 'TOKEN_USED']);

    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/signin', payload: { email: 'ada@example.org', password: 'wrong password!' } });
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([401, 'INVALID_CREDENTIALS']);
    const signin = await t.app.inject({ method: 'POST', url: '/api/v1/auth/signin', payload: { email: 'ada@example.org', password: 'correct horse battery', siteId: 'news' } });
    expect(signin.statusCode).toBe(200);
    const bearer = { authorization: `Bearer ${signin.json().token}` };
    const posted = await post(bearer, 'as an account');
    expect(posted.statusCode).toBe(201);
    expect(posted.json().comment.author.name).toBe('Ada L');
    // The author row links to the user; a guest using the same name and email stays a separate author.
    const guest = await post({}, 'as a guest', { author: { name: 'Ada L', email: 'ada@example.org' } });
    expect(guest.statusCode).toBe(201);
    const mine = await t.app.inject({ url: '/api/v1/me/export', headers: bearer });
    expect(mine.json().comments.map((c: { id: string }) => c.id)).toEqual([posted.json().comment.id]);
  });

  run('cookie sessions: httpOnly SameSite=Lax, origin-checked for changes, revoked by sign-out', async () => {
    await t.deps.users.createLocal({ email: 'cookie@example.org', password: 'a long password', displayName: 'Cookie', verified: true });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/signin', payload: { email: 'cookie@example.org', password: 'a long password' } });
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/agora_session=[\w-]+/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = setCookie.split(';')[0]!;
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie } })).json().user.displayName).toBe('Cookie');
    // A cross-site page cannot make changes with the cookie.
    const forged = await post({ cookie, origin: 'https://evil.example' });
    expect([forged.statusCode, forged.json().error.code]).toEqual([403, 'CSRF_REJECTED']);
    expect((await post({ cookie })).json().error.code).toBe('CSRF_REJECTED');
    expect((await post({ cookie, origin: 'http://agora.test' })).statusCode).toBe(201);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/signout', headers: { cookie, origin: 'http://agora.test' } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(401);
  });

  run('bad bearer tokens are refused with a clear code', async () => {
    for (const [header, code] of [
      ['Bearer nope', 'INVALID_TOKEN'],
      ['Basic abc', 'INVALID_TOKEN'],
      [`Bearer ${'x'.repeat(43)}`, 'INVALID_TOKEN'],
    ] as const) {
      const res = await t.app.inject({ url: '/api/v1/me', headers: { authorization: header } });
      expect([res.statusCode, res.json().error.code]).toEqual([401, code]);
    }
    const u = await userWithRole(t.deps, 'commenter', { siteId: 'news' });
    t.clock.advance(31 * 24 * 3600 * 1000);
    const expired = await t.app.inject({ url: '/api/v1/me', headers: u.headers });
    expect(expired.json().error.code).toBe('TOKEN_EXPIRED');
  });

  run('bans, suspensions and pre-moderation take effect on the next request', async () => {
    const mod = await userWithRole(t.deps, 'moderator', { siteId: 'news' });
    const u = await userWithRole(t.deps, 'commenter', { siteId: 'news' });
    const standing = (payload: Record<string, unknown>) => t.app.inject({ method: 'PATCH', url: `/api/v1/sites/news/users/${u.user.id}`, headers: mod.headers, payload });
    expect((await post(u.headers)).statusCode).toBe(201);

    expect((await standing({ premoderated: true })).statusCode).toBe(200);
    const held = await post(u.headers, 'held please');
    expect(held.json()).toMatchObject({ pending: true, comment: { status: 'pending' } });

    await standing({ premoderated: false, suspendedUntil: new Date(t.clock() + 3600_000).toISOString() });
    const suspended = await post(u.headers);
    expect([suspended.statusCode, suspended.json().error.code]).toEqual([403, 'USER_SUSPENDED']);
    t.clock.advance(3601_000);
    expect((await post(u.headers)).statusCode).toBe(201);

    await standing({ banned: true });
    const banned = await post(u.headers);
    expect([banned.statusCode, banned.json().error.code]).toEqual([403, 'USER_BANNED']);
    await standing({ banned: false });
    expect((await post(u.headers)).statusCode).toBe(201);

    // A global ban ends every session at once.
    const admin = await userWithRole(t.deps, 'admin', { siteId: 'news' });
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${u.user.id}`, headers: admin.headers, payload: { banned: true } })).statusCode).toBe(200);
    expect((await post(u.headers)).json().error.code).toBe('INVALID_TOKEN');
  });

  run('signed-in authors edit and delete their own comments without the edit key, and only their own', async () => {
    const a = await userWithRole(t.deps, 'commenter', { siteId: 'news' });
    const b = await userWithRole(t.deps, 'commenter', { siteId: 'news' });
    const c = (await post(a.headers, 'first')).json().comment.id;
    const url = `/api/v1/comments/${c}`;
    const other = await t.app.inject({ method: 'PATCH', url, headers: b.headers, payload: { body: 'hijack' } });
    expect([other.statusCode, other.json().error.code]).toEqual([403, 'NOT_AUTHOR']);
    expect((await t.app.inject({ url })).json().comment.html).toBe('<p>first</p>');
    const edit = await t.app.inject({ method: 'PATCH', url, headers: a.headers, payload: { body: 'edited' } });
    expect(edit.json().comment.html).toBe('<p>edited</p>');
    expect((await t.app.inject({ method: 'DELETE', url, headers: b.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url, headers: a.headers })).statusCode).toBe(200);
    // A bearer token minted for one site does not act on another.
    await t.deps.sites.create({ id: 'elsewhere', name: 'Elsewhere', origins: ['https://elsewhere.example'] });
    const scoped = await t.deps.sessions.create(a.user.id, 'bearer', 'elsewhere');
    const wrongSite = await post({ authorization: `Bearer ${scoped.token}` });
    expect([wrongSite.statusCode, wrongSite.json().error.code]).toEqual([403, 'FORBIDDEN']);
  });

  run("honours the site's choice of commenters", async () => {
    const u = await userWithRole(t.deps, 'commenter', { siteId: 'news' });
    await t.deps.sites.update('news', { settings: { commenters: 'users' } });
    const anon = await post({}, 'x', { author: { name: 'Guest' } });
    expect([anon.statusCode, anon.json().error.code]).toEqual([401, 'SIGN_IN_REQUIRED']);
    expect((await post(u.headers)).statusCode).toBe(201);
    await t.deps.sites.update('news', { settings: { commenters: 'both' } });
    const noName = await post({});
    expect([noName.statusCode, noName.json().error.code]).toEqual([400, 'VALIDATION']);
  });

  run('rate limits posting per user and per IP with 429 and Retry-After', async () => {
    await t.deps.sites.update('news', { settings: { rateLimits: { postsPerMinutePerIp: 30, postsPerMinutePerUser: 2, signInsPer15MinPerIp: 3, signUpsPerHourPerIp: 10 } } });
    t.clock.advance(120_000);
    const u = await userWithRole(t.deps, 'commenter', { siteId: 'news' });
    const quick = () => t.app.inject({ method: 'POST', url: `/api/v1/stories/${storyId}/comments`, headers: u.headers, payload: { body: 'fast' } });
    expect((await quick()).statusCode).toBe(201);
    expect((await quick()).statusCode).toBe(201);
    const limited = await quick();
    expect([limited.statusCode, limited.json().error.code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const signins = [];
    for (let i = 0; i < 4; i++) signins.push((await t.app.inject({ method: 'POST', url: '/api/v1/auth/signin', remoteAddress: '10.0.0.9', payload: { email: 'x@example.org', password: 'nope nope nope', siteId: 'news' } })).statusCode);
    expect(signins).toEqual([401, 401, 401, 429]);
    await t.deps.sites.update('news', { settings: { rateLimits: { postsPerMinutePerIp: 30, postsPerMinutePerUser: 10, signInsPer15MinPerIp: 20, signUpsPerHourPerIp: 10 } } });
  });

  run('magic links sign in once, expire, and create an account for a new address', async () => {
    const ask = await t.app.inject({ method: 'POST', url: '/api/v1/auth/magic-link', payload: { email: 'new@example.org' } });
    expect(ask.statusCode).toBe(202);
    expect((t.deps.mailer as OutboxMailer).lastTo('new@example.org')?.subject).toBe('Your sign-in link');
    const { token, url } = linkIn(t.deps, 'new@example.org');
    expect(url.startsWith('http://agora.test/auth/magic?token=')).toBe(true);
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/auth/magic-link/redeem', payload: { token, siteId: 'news' } });
    expect(first.statusCode).toBe(200);
    expect(first.json().user).toMatchObject({ emailVerified: true, displayName: 'new' });
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/auth/magic-link/redeem', payload: { token } });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'TOKEN_USED']);
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/magic-link', payload: { email: 'new@example.org' } });
    const late = linkIn(t.deps, 'new@example.org').token;
    t.clock.advance(16 * 60_000);
    const expired = await t.app.inject({ method: 'POST', url: '/api/v1/auth/magic-link/redeem', payload: { token: late } });
    expect([expired.statusCode, expired.json().error.code]).toEqual([401, 'TOKEN_EXPIRED']);
    const bogus = await t.app.inject({ method: 'POST', url: '/api/v1/auth/magic-link/redeem', payload: { token: 'a'.repeat(43) } });
    expect([bogus.statusCode, bogus.json().error.code]).toEqual([401, 'INVALID_TOKEN']);
  });

  run('password reset sets a new password and signs out every session', async () => {
    await t.deps.users.createLocal({ email: 'reset@example.org', password: 'old password 1', displayName: 'R', verified: true });
    const old = (await t.app.inject({ method: 'POST', url: '/api/v1/auth/signin', payload: { email: 'reset@example.org', password: 'old password 1', siteId: 'news' } })).json().token;
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: 'reset@example.org' } })).statusCode).toBe(202);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: 'nobody@example.org' } })).statusCode).toBe(202);
    const { token } = linkIn(t.deps, 'reset@example.org');
    const short = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/complete', payload: { token, password: 'short' } });
    expect(short.json().error.code).toBe('VALIDATION');
    const again = linkIn(t.deps, 'reset@example.org').token;
    expect(again).toBe(token);
    // The failed attempt used the token up; ask again.
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: 'reset@example.org' } });
    const fresh = linkIn(t.deps, 'reset@example.org').token;
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/complete', payload: { token: fresh, password: 'new password 2' } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${old}` } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/signin', payload: { email: 'reset@example.org', password: 'new password 2' } })).statusCode).toBe(200);
  });

  run('self-service: display name, email change with re-verification, export and deletion', async () => {
    const u = await userWithRole(t.deps, 'commenter', { siteId: 'news' });
    const c = (await post(u.headers, 'my words')).json().comment.id;
    const renamed = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: u.headers, payload: { displayName: 'New Name' } });
    expect(renamed.json().user.displayName).toBe('New Name');
    expect((await t.app.inject({ url: `/api/v1/comments/${c}` })).json().comment.author.name).toBe('New Name');

    expect((await t.app.inject({ method: 'POST', url: '/api/v1/me/email', headers: u.headers, payload: { email: 'moved@example.org' } })).statusCode).toBe(202);
    expect((await t.app.inject({ url: '/api/v1/me', headers: u.headers })).json().user.email).toBe(u.user.email);
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/verify', payload: { token: linkIn(t.deps, 'moved@example.org').token } });
    expect((await t.app.inject({ url: '/api/v1/me', headers: u.headers })).json().user).toMatchObject({ email: 'moved@example.org', emailVerified: true });

    const data = await t.app.inject({ url: '/api/v1/me/export', headers: u.headers });
    expect(data.headers['content-disposition']).toMatch(/attachment/);
    expect(data.json().comments[0]).toMatchObject({ id: c, body: 'my words' });

    const del = await t.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: u.headers });
    expect(del.json()).toEqual({ removed: 0, anonymized: 1 });
    expect((await t.app.inject({ url: `/api/v1/comments/${c}` })).json().comment.author.name).toBe('Deleted account');
    expect((await t.app.inject({ url: '/api/v1/me', headers: u.headers })).statusCode).toBe(401);

    await t.deps.sites.update('news', { settings: { accountDeletion: 'remove' } });
    const v = await userWithRole(t.deps, 'commenter', { siteId: 'news' });
    const gone = (await post(v.headers, 'remove me')).json().comment.id;
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: v.headers })).json()).toEqual({ removed: 1, anonymized: 0 });
    expect((await t.app.inject({ url: `/api/v1/comments/${gone}` })).statusCode).toBe(404);
    await t.deps.sites.update('news', { settings: { accountDeletion: 'anonymize' } });
  });
});
