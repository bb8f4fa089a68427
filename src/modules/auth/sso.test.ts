import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/app.js';
import { DIALECTS, postgresAvailable } from '../../test-support/stores.js';

const pgUp = await postgresAvailable();
const SECRET = 'a-shared-secret-of-at-least-32-characters!';

describe.each(DIALECTS)('single sign-on on %s', (dialect) => {
  let t: TestApp;
  let jwks: Server;
  let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
  let ec: Awaited<ReturnType<typeof generateKeyPair>>;
  const skip = dialect === 'postgres' && !pgUp;
  const now = () => Math.floor(t.clock() / 1000);
  const hs = (claims: Record<string, unknown>, opts: { secret?: string; iat?: number; exp?: number } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt(opts.iat ?? now())
      .setExpirationTime(opts.exp ?? now() + 300)
      .sign(new TextEncoder().encode(opts.secret ?? SECRET));
  const exchange = (siteId: string, token: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/sso', payload: { siteId, token } });

  beforeAll(async () => {
    if (skip) return;
    t = await createTestApp(dialect);
    rsa = await generateKeyPair('RS256');
    ec = await generateKeyPair('ES256');
    const keys = [
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
    ];
    jwks = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys })));
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    await t.deps.sites.create({ id: 'news', name: 'News', origins: ['https://news.example'] });
    await t.deps.sites.create({ id: 'keys', name: 'Keys', origins: ['https://keys.example'] });
    await t.deps.sites.create({ id: 'plain', name: 'Plain', origins: ['https://plain.example'] });
    await t.deps.siteAuth.configure('news', { ssoSecret: SECRET });
    await t.deps.siteAuth.configure('keys', { ssoJwksUrl: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json` });
  });
  afterAll(async () => {
    jwks?.close();
    await t?.close();
  });
  const run = skip ? it.skip : it;

  run('HS256: creates the user on first sight, updates it afterwards, applies role and badge', async () => {
    const first = await exchange('news', await hs({ sub: 'reader-1', email: 'r1@news.example', name: 'Reader One', badge: 'Subscriber', jti: 'a1' }));
    expect(first.statusCode).toBe(200);
    expect(first.json().user).toMatchObject({ displayName: 'Reader One', email: 'r1@news.example', sites: [{ siteId: 'news', role: 'commenter', badge: 'Subscriber' }] });
    const token = first.json().token;
    const story = await t.deps.stories.create({ siteId: 'news', url: 'https://news.example/x', title: 'X' });
    const posted = await t.app.inject({ method: 'POST', url: `/api/v1/stories/${story.id}/comments`, headers: { authorization: `Bearer ${token}` }, payload: { body: 'via sso' } });
    expect(posted.statusCode).toBe(201);
    const again = await exchange('news', await hs({ sub: 'reader-1', email: 'r1@news.example', name: 'Reader Renamed', role: 'staff' }));
    expect(again.json().user.id).toBe(first.json().user.id);
    expect(again.json().user).toMatchObject({ displayName: 'Reader Renamed', sites: [{ role: 'staff' }] });
    expect((await t.app.inject({ url: `/api/v1/comments/${posted.json().comment.id}` })).json().comment.author.name).toBe('Reader Renamed');
  });

  run('never links an SSO user to a local account by email', async () => {
    const local = await t.deps.users.createLocal({ email: 'owner@example.org', displayName: 'Owner', verified: true, role: 'admin' });
    const res = await exchange('news', await hs({ sub: 'evil', email: 'owner@example.org', name: 'Owner' }));
    expect(res.json().user.id).not.toBe(local.id);
    expect(res.json().user.role).toBe('commenter');
  });

  run('RS256 and ES256 with keys from the site JWKS URL', async () => {
    for (const [alg, key, kid] of [['RS256', rsa.privateKey, 'rsa-1'], ['ES256', ec.privateKey, 'ec-1']] as const) {
      const jwt = await new SignJWT({ sub: `k-${alg}`, name: `Key ${alg}` }).setProtectedHeader({ alg, kid }).setIssuedAt(now()).setExpirationTime(now() + 120).sign(key);
      const res = await exchange('keys', jwt);
      expect(res.statusCode).toBe(200);
      expect(res.json().user.displayName).toBe(`Key ${alg}`);
    }
    // A key-signed site does not accept a token MAC'd with some secret (algorithm confusion).
    const hsOnKeys = await exchange('keys', await hs({ sub: 'x', name: 'X' }));
    expect([hsOnKeys.statusCode, hsOnKeys.json().error.code]).toEqual([401, 'INVALID_TOKEN']);
  });

  run('refuses bad tokens with a stable code and changes nothing', async () => {
    const cases: Array<[string, Promise<string> | string, number, string]> = [
      ['wrong secret', hs({ sub: 'w', name: 'W' }, { secret: 'another-secret-that-is-32-characters-long' }), 401, 'INVALID_TOKEN'],
      ['expired', hs({ sub: 'e', name: 'E' }, { iat: now() - 700, exp: now() - 60 }), 401, 'TOKEN_EXPIRED'],
      ['issued too long ago', hs({ sub: 'l', name: 'L' }, { iat: now() - 3600, exp: now() + 3600 }), 401, 'TOKEN_EXPIRED'],
      ['malformed', 'not.a.jwt-at-all', 401, 'INVALID_TOKEN'],
      ['no name', hs({ sub: 'n' }), 401, 'INVALID_TOKEN'],
      ['admin claim', hs({ sub: 'a', name: 'A', role: 'admin' }), 403, 'ROLE_ESCALATION'],
      ['alg none', `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"z","name":"Z"}').toString('base64url')}.`, 401, 'INVALID_TOKEN'],
    ];
    for (const [name, token, status, code] of cases) {
      const res = await exchange('news', await token);
      expect([name, res.statusCode, res.json().error.code]).toEqual([name, status, code]);
    }
    const none = await exchange('plain', await hs({ sub: 'p', name: 'P' }));
    expect([none.statusCode, none.json().error.code]).toEqual([404, 'SSO_NOT_CONFIGURED']);
    expect(await t.deps.users.findByLoginEmail('a@x.org')).toBeUndefined();
  });

  run('a token id (jti) works once', async () => {
    const jwt = await hs({ sub: 'once', name: 'Once', jti: 'unique-1' });
    expect((await exchange('news', jwt)).statusCode).toBe(200);
    const replay = await exchange('news', jwt);
    expect([replay.statusCode, replay.json().error.code]).toEqual([409, 'TOKEN_USED']);
  });
});
