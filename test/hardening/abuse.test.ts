import { connect, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { buildDeps, type Deps } from '../../src/deps.js';
import { keywordScorer } from '../../src/test-support/app.js';
import { createTestStore, type TestStore } from '../../src/test-support/stores.js';
import { userWithRole } from '../../src/test-support/users.js';
import { expectClientSafe } from './support.js';

/**
 * Abuse against a real listening server on SQLite: oversized bodies, clients that trickle, floods from one
 * address and one account, a 1,000-deep reply chain and 10,000 replies to one comment.
 */
const TIMEOUTS = { requestMs: 1500, headersMs: 1000, idleMs: 3000, keepAliveMs: 2000, checkIntervalMs: 250 };

describe('abuse', () => {
  let store: TestStore;
  let deps: Deps;
  let app: FastifyInstance;
  let base: string;
  let port: number;
  let storyId: string;
  let authorId: string;

  beforeAll(async () => {
    store = await createTestStore('sqlite');
    // The test plays clients behind a proxy it trusts, so it can speak for many addresses.
    deps = buildDeps(loadConfig({ DATABASE_URL: ':memory:', LOG_LEVEL: 'silent', PUBLIC_URL: 'http://agora.test', TRUST_PROXY: 'true' }), { store, scorer: keywordScorer });
    app = await buildApp(deps, { logger: false, timeouts: TIMEOUTS });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
    base = `http://127.0.0.1:${port}`;
    await deps.sites.create({ id: 'news', name: 'News', origins: ['https://news.example'] });
    storyId = (await deps.stories.create({ siteId: 'news', url: 'https://news.example/a', title: 'A' })).id;
    const seed = (await deps.comments.create({ storyId, body: 'seed', author: { name: 'Bulk' } })).comment;
    authorId = (await store.db.selectFrom('comments').select('author_id').where('id', '=', seed.id).executeTakeFirstOrThrow()).author_id;
  });
  afterAll(async () => {
    await app?.close();
    await store?.destroy();
  });

  const post = (body: unknown, headers: Record<string, string> = {}, path = `/api/v1/stories/${storyId}/comments`) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('answers 413 with the error shape to a body over the limit', async () => {
    const res = await post({ body: 'x'.repeat(deps.config.bodyLimitBytes + 1), author: { name: 'Big' } });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
    // A declared length over the limit is refused before the body is read.
    const declared = await rawExchange(port, `POST /api/v1/preview HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n{"body":"`);
    expect(declared.response).toMatch(/^HTTP\/1.1 413/);
  });

  it('cuts off a client that trickles its headers', async () => {
    const r = await trickle(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ' + 'a'.repeat(200), 100);
    expect(r.closedAfterMs).toBeLessThan(TIMEOUTS.headersMs + 2000);
    expect(r.sentAll).toBe(false);
  });

  it('cuts off a client that trickles its body', async () => {
    const head = `POST /api/v1/preview HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n`;
    const r = await trickle(port, head + `{"body":"${'b'.repeat(380)}"}`, 100, head.length);
    expect(r.closedAfterMs).toBeLessThan(TIMEOUTS.requestMs + 2000);
    expect(r.sentAll).toBe(false);
    expect(r.response === '' || /^HTTP\/1.1 408/.test(r.response)).toBe(true);
  });

  it('closes an idle connection that never sends a request', async () => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    socket.on('data', () => {});
    await new Promise<void>((resolve) => {
      socket.once('end', () => resolve());
      socket.once('close', () => resolve());
    });
    socket.destroy();
    expect(Date.now() - started).toBeLessThan(TIMEOUTS.idleMs + 2000);
  });

  it('limits a flood from one address with 429 and Retry-After, while other readers are served quickly', async () => {
    const ip = { 'x-forwarded-for': '203.0.113.9' };
    const flood = Array.from({ length: 120 }, (_, i) => post({ body: `flood ${i}`, author: { name: 'Flood' } }, ip));
    const t0 = Date.now();
    const read = await fetch(`${base}/api/v1/stories/${storyId}/comments`);
    const readMs = Date.now() - t0;
    const statuses = await Promise.all(flood.map(async (p) => (await p).status));
    expect(read.status).toBe(200);
    expect(readMs).toBeLessThan(2000);
    expect(statuses.filter((s) => s === 201).length).toBe(30);
    expect(statuses.filter((s) => s === 429).length).toBe(90);
    const limited = await post({ body: 'one more', author: { name: 'Flood' } }, ip);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
  });

  it('limits a flood from one account across addresses', async () => {
    const { headers } = await userWithRole(deps, 'commenter', { siteId: 'news' });
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) statuses.push((await post({ body: `account flood ${i}` }, { ...headers, 'x-forwarded-for': `198.51.100.${i + 1}` })).status);
    expect(statuses.filter((s) => s === 201).length).toBe(10);
    const last = await post({ body: 'account flood last' }, { ...headers, 'x-forwarded-for': '198.51.100.200' });
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('reads a 1,000-deep reply chain and its deepest permalink quickly, without a 5xx', { timeout: 60_000 }, async () => {
    const chain = (await deps.stories.create({ siteId: 'news', url: 'https://news.example/deep', title: 'Deep' })).id;
    let parentId: string | null = null;
    const rows = [];
    const now = deps.clock();
    for (let depth = 0; depth < 1000; depth++) {
      const id = `deep${String(depth).padStart(5, '0')}`;
      rows.push({ ...commentRow(id, chain, parentId, depth, now + depth, authorId), reply_count: depth < 999 ? 1 : 0 });
      parentId = id;
    }
    for (let i = 0; i < rows.length; i += 100) await store.db.insertInto('comments').values(rows.slice(i, i + 100)).execute();
    await store.db.updateTable('stories').set({ comment_count: 1000 }).where('id', '=', chain).execute();
    for (const path of [
      `/api/v1/stories/${chain}/comments?depth=5&replies=20`,
      `/api/v1/comments/${parentId}`,
      `/api/v1/comments/deep00500/replies?depth=5`,
      `/stories/${chain}`,
      `/stories/${chain}/comments/${parentId}`,
    ]) {
      const t0 = Date.now();
      const res = await fetch(`${base}${path}`);
      const ms = Date.now() - t0;
      expect(res.status, path).toBe(200);
      expect(ms, path).toBeLessThan(3000);
      if (path === `/api/v1/comments/${parentId}`) expect(((await res.json()) as { ancestors: unknown[] }).ancestors).toHaveLength(999);
    }
  });

  it('pages through 10,000 replies to one comment with bounded memory', { timeout: 90_000 }, async () => {
    const wide = (await deps.stories.create({ siteId: 'news', url: 'https://news.example/wide', title: 'Wide' })).id;
    const now = deps.clock();
    await store.db.insertInto('comments').values({ ...commentRow('root', wide, null, 0, now, authorId), reply_count: 10_000 }).execute();
    const replies = Array.from({ length: 10_000 }, (_, i) => commentRow(`r${String(i).padStart(5, '0')}`, wide, 'root', 1, now + 1 + i, authorId));
    for (let i = 0; i < replies.length; i += 500) await store.db.insertInto('comments').values(replies.slice(i, i + 500)).execute();
    await store.db.updateTable('stories').set({ comment_count: 10_001 }).where('id', '=', wide).execute();

    global.gc?.();
    const before = process.memoryUsage().rss;
    const seen = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: Response = await fetch(`${base}/api/v1/comments/root/replies?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      const page = (await res.json()) as { comments: Array<{ id: string }>; nextCursor: string | null };
      for (const c of page.comments) seen.add(c.id);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 200);
    const grown = process.memoryUsage().rss - before;
    expect(seen.size).toBe(10_000);
    expect(pages).toBeGreaterThanOrEqual(100);
    // Generous: a leak of every page read would be far larger; steady state is a few MB.
    expect(grown).toBeLessThan(150 * 1024 * 1024);
  });

  it('never answers a 5xx to malformed framing or bad JSON', async () => {
    for (const payload of ['{', '{"body":', '\u0000', '[]', 'null', '"x"', '{"body":1e999999}']) {
      const res = await fetch(`${base}/api/v1/stories/${storyId}/comments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
      expect(res.status, payload).toBeLessThan(500);
    }
    const bad = await rawExchange(port, 'GET /api/v1/comments/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(bad.response).toMatch(/^HTTP\/1.1 4\d\d/);
    const res = await app.inject({ url: `/api/v1/stories/${'x'.repeat(300)}` });
    expectClientSafe(res, 'a path param over maxParamLength');
  });
});

function commentRow(id: string, storyId: string, parentId: string | null, depth: number, at: number, authorId: string) {
  return {
    id,
    site_id: 'news',
    story_id: storyId,
    parent_id: parentId,
    depth,
    author_id: authorId,
    status: 'approved' as const,
    body: `comment ${id}`,
    html: `<p>comment ${id}</p>`,
    reply_count: 0,
    upvotes: 0,
    downvotes: 0,
    best_score: 0,
    reasons: '[]',
    edit_key_hash: null,
    import_key: null,
    created_at: at,
    edited_at: null,
    deleted_at: null,
    notify_replies: 0,
    ip: null,
  };
}

/** Sends `text` (all of it) and reads until the server closes. */
function rawExchange(port: number, text: string): Promise<{ response: string }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let response = '';
    socket.on('data', (d) => (response += d.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => resolve({ response }));
    setTimeout(() => socket.destroy(), 5000).unref();
  });
}

/** Sends `text` one byte every `everyMs` (after `burst` bytes at once) until done or the server closes. */
function trickle(port: number, text: string, everyMs: number, burst = 0): Promise<{ closedAfterMs: number; sentAll: boolean; response: string }> {
  return new Promise((resolve) => {
    const started = Date.now();
    let sent = 0;
    let response = '';
    let timer: NodeJS.Timeout | undefined;
    const socket: Socket = connect(port, '127.0.0.1', () => {
      socket.write(text.slice(0, burst));
      sent = burst;
      timer = setInterval(() => {
        if (sent >= text.length || socket.destroyed) return clearInterval(timer);
        socket.write(text[sent++]!);
      }, everyMs);
    });
    socket.on('data', (d) => (response += d.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ closedAfterMs: Date.now() - started, sentAll: sent >= text.length, response });
    });
  });
}
