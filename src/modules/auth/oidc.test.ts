import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/app.js';

/** A tiny cookie jar: the provider keeps its interaction state in cookies between redirects. */
function jar() {
  const cookies = new Map<string, string>();
  return {
    header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    take(res: Response) {
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const i = pair!.indexOf('=');
        cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
      }
    },
  };
}

describe('OpenID Connect sign-in against a real provider', () => {
  let t: TestApp;
  let server: Server;
  let issuer: string;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const provider = new Provider(issuer, {
      clients: [{ client_id: 'agora', client_secret: 'agora-client-secret', redirect_uris: ['http://agora.test/auth/oidc/callback'], grant_types: ['authorization_code'], response_types: ['code'] }],
      pkce: { required: () => true },
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      findAccount: async (_ctx: unknown, sub: string) => ({ accountId: sub, claims: async () => ({ sub, email: `${sub}@idp.example`, email_verified: true, name: `Reader ${sub}` }) }),
      cookies: { keys: ['test-cookie-key'] },
    });
    server.on('request', provider.callback());
    await t.deps.sites.create({ id: 'news', name: 'News', origins: ['https://news.example'] });
    await t.deps.siteAuth.configure('news', { oidcIssuer: issuer, oidcClientId: 'agora', oidcClientSecret: 'agora-client-secret' });
  });
  afterAll(async () => {
    server?.close();
    await t?.close();
  });

  it('runs authorization code + PKCE end to end and signs the reader in', async () => {
    const start = await t.app.inject({ url: '/auth/oidc/start?site=news&next=%2Fauth%2Faccount' });
    expect(start.statusCode).toBe(302);
    const authorize = new URL(start.headers.location!);
    expect(authorize.origin).toBe(issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toBeTruthy();

    // Walk the provider's own login and consent pages as a browser would.
    const cookies = jar();
    let url = authorize.toString();
    let callback: URL | undefined;
    for (let step = 0; step < 12 && !callback; step++) {
      const res = await fetch(url, { redirect: 'manual', headers: { cookie: cookies.header() } });
      cookies.take(res);
      if (res.status >= 300 && res.status < 400) {
        const next = new URL(res.headers.get('location')!, url);
        if (next.origin === 'http://agora.test') callback = next;
        else url = next.toString();
        continue;
      }
      const page = await res.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
      const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
      expect(action && prompt).toBeTruthy();
      const body = new URLSearchParams(prompt === 'login' ? { prompt, login: 'alice', password: 'anything' } : { prompt: prompt! });
      const posted = await fetch(new URL(action!, url), { method: 'POST', redirect: 'manual', headers: { cookie: cookies.header(), 'content-type': 'application/x-www-form-urlencoded' }, body });
      cookies.take(posted);
      url = new URL(posted.headers.get('location')!, url).toString();
    }
    expect(callback?.searchParams.get('code')).toBeTruthy();

    const done = await t.app.inject({ url: callback!.pathname + callback!.search });
    expect([done.statusCode, done.headers.location]).toEqual([303, '/auth/account']);
    const cookie = String(done.headers['set-cookie']).split(';')[0]!;
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie } });
    expect(me.json().user).toMatchObject({ displayName: 'Reader alice', email: 'alice@idp.example' });

    // The state is single-use: replaying the callback is refused and changes nothing.
    const replay = await t.app.inject({ url: callback!.pathname + callback!.search });
    expect(replay.statusCode).toBe(409);
    const forged = await t.app.inject({ url: '/auth/oidc/callback?code=abc&state=made-up-state' });
    expect(forged.statusCode).toBe(401);
  });
});
