import { createServer, type IncomingMessage, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import { describe, expect } from 'vitest';
import { webhookRoutes } from '../http/routes/api/webhooks.js';
import { errorsPlugin } from '../http/plugins/errors.js';
import { ErrorBody } from '../http/schemas/common.js';
import { StoreJobQueue } from '../jobs/store-queue.js';
import { timeOrderedIds } from '../lib/ids.js';
import { CommentService, type CommentEvent } from '../modules/comments/comment.service.js';
import { approveAll, manualClock, services } from '../test-support/factories.js';
import { DIALECTS, postgresAvailable, storeSuite } from '../test-support/stores.js';
import { verifySignature } from './signature.js';
import { WEBHOOK_JOB, WebhookService } from './webhook.service.js';

const pgUp = await postgresAvailable();

/** A real HTTP receiver on 127.0.0.1 that answers with the statuses it is given, in turn. */
async function receiver(statuses: number[]) {
  const got: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.statusCode = statuses.shift() ?? 200;
      res.end('ok');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got, close: () => new Promise((r) => {
      server.close(r);
      server.closeAllConnections();
    }) };
}

describe.each(DIALECTS)('webhooks on %s', (dialect) => {
  const suite = storeSuite(dialect, pgUp);
  const run = suite.run;

  run('signs, delivers after the commit, retries a 500 with backoff and logs every attempt', async () => {
    const clock = manualClock(Date.UTC(2026, 10, 25, 12));
    const ids = timeOrderedIds(clock);
    const queue = new StoreJobQueue({ db: suite.store.db, dialect, clock, ids, backoff: { baseMs: 30_000, maxMs: 60_000, jitter: 0 } });
    const webhooks = new WebhookService({ db: suite.store.db, clock, ids, queue });
    const pending: Promise<void>[] = [];
    const comments = new CommentService({ db: suite.store.db, clock, ids, moderate: approveAll, onEvent: (e: CommentEvent) => void pending.push(webhooks.onCommentEvent(e)) });
    const s = services(suite.store.db, { clock });
    const site = await s.sites.create({ id: 'hooks', name: 'Hooks', origins: [] });
    const story = await s.stories.create({ siteId: site.id, identifier: 'h1', title: 'H' });
    const rx = await receiver([500, 200]);
    const { webhook, secret } = await webhooks.create({ siteId: site.id, url: rx.url, events: ['comment.created'] });
    await webhooks.create({ siteId: site.id, url: rx.url, events: ['comment.status'] });

    await comments.create({ storyId: story.id, body: 'Hello <b>hooks</b>', author: { name: 'Ann', email: 'ann@secret.example' } });
    await Promise.all(pending);
    const retry = once(queue.events, 'retry');
    queue.start({ [WEBHOOK_JOB]: webhooks.deliver });
    const [, , runAt] = (await retry) as [unknown, Error, number];
    expect(runAt).toBe(clock() + 30_000);
    const done = once(queue.events, 'completed');
    clock.set(runAt);
    queue.wake();
    await done;
    await queue.stop();

    expect(rx.got).toHaveLength(2);
    const [first, second] = rx.got as [(typeof rx.got)[0], (typeof rx.got)[0]];
    expect(second.body).toBe(first.body);
    expect(second.headers['agora-event']).toBe('comment.created');
    const sig = String(second.headers['agora-signature']);
    expect(sig).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature({ secret, body: second.body, header: sig, nowSeconds: Math.floor(clock() / 1000) })).toBe(true);
    expect(verifySignature({ secret: 'wrong', body: second.body, header: sig, nowSeconds: Math.floor(clock() / 1000) })).toBe(false);
    expect(verifySignature({ secret, body: second.body + ' ', header: sig, nowSeconds: Math.floor(clock() / 1000) })).toBe(false);
    const event = JSON.parse(second.body) as { type: string; data: { comment: Record<string, unknown> } };
    expect(event.type).toBe('comment.created');
    expect(event.data.comment).toMatchObject({ author: { name: 'Ann' }, status: 'approved' });
    expect(second.body).not.toContain('secret.example');

    // The admin route, behind a stand-in for the real authorization hook.
    const app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
    app.addSchema(ErrorBody);
    await app.register(errorsPlugin);
    await app.register(webhookRoutes, { webhooks, authorize: async () => {} , prefix: '/api/v1' });
    const res = await app.inject({ url: `/api/v1/sites/${site.id}/webhooks/${webhook.id}/deliveries` });
    expect(res.statusCode).toBe(200);
    const { deliveries } = res.json() as { deliveries: Array<Record<string, unknown>> };
    expect(deliveries.map((d) => [d.attempt, d.statusCode, d.error])).toEqual([
      [2, 200, null],
      [1, 500, 'HTTP 500'],
    ]);
    expect((await app.inject({ url: `/api/v1/sites/other/webhooks/${webhook.id}/deliveries` })).statusCode).toBe(404);
    const denied = Fastify();
    await denied.register(webhookRoutes, { webhooks, authorize: async (_req, reply) => reply.code(403).send({ error: { code: 'FORBIDDEN', message: 'no' } }) });
    expect((await denied.inject({ url: `/sites/${site.id}/webhooks/${webhook.id}/deliveries` })).statusCode).toBe(403);
    await app.close();
    await denied.close();
    await rx.close();
  });

  run('lists a site\'s webhooks without secrets, disables one and stops delivering to it', async () => {
    const clock = manualClock(Date.UTC(2026, 10, 27));
    const ids = timeOrderedIds(clock);
    const queue = new StoreJobQueue({ db: suite.store.db, dialect, clock, ids });
    const calls: string[] = [];
    const fakeFetch = (async (url: string | URL | Request) => {
      calls.push(String(url));
      return new Response('ok');
    }) as typeof fetch;
    const webhooks = new WebhookService({ db: suite.store.db, clock, ids, queue, fetch: fakeFetch });
    const s = services(suite.store.db, { clock });
    await s.sites.create({ id: 'hooks-list', name: 'List', origins: [] });
    await s.sites.create({ id: 'hooks-else', name: 'Else', origins: [] });
    const a = await webhooks.create({ siteId: 'hooks-list', url: 'https://a.example/hook', events: ['comment.created'] });
    clock.advance(1000);
    const b = await webhooks.create({ siteId: 'hooks-list', url: 'https://b.example/hook', events: ['comment.status', 'comment.created'] });
    const elsewhere = await webhooks.create({ siteId: 'hooks-else', url: 'https://c.example/hook', events: ['comment.created'] });

    const listed = await webhooks.list('hooks-list');
    expect(listed.map((w) => [w.id, w.active, w.events])).toEqual([
      [a.webhook.id, true, ['comment.created']],
      [b.webhook.id, true, ['comment.status', 'comment.created']],
    ]);
    expect(JSON.stringify(listed)).not.toContain(a.secret);
    expect(listed.every((w) => typeof w.createdAt === 'number')).toBe(true);

    // Another site's webhook is unknown here, whichever way it is asked for.
    await expect(webhooks.disable('hooks-list', elsewhere.webhook.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(webhooks.disable('hooks-list', 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await webhooks.get('hooks-else', elsewhere.webhook.id)).active).toBe(true);

    const story = await s.stories.create({ siteId: 'hooks-list', identifier: 'l1', title: 'L' });
    const c = await s.comments.create({ storyId: story.id, body: 'x', author: { name: 'A' } });
    await webhooks.onCommentEvent({ type: 'comment.created', comment: c.comment }); // queued for a and b
    expect((await webhooks.disable('hooks-list', a.webhook.id)).active).toBe(false);
    expect((await webhooks.disable('hooks-list', a.webhook.id)).active).toBe(false); // idempotent
    expect((await webhooks.list('hooks-list')).map((w) => w.active)).toEqual([false, true]);

    let done = 0;
    const bothDone = new Promise<void>((resolve) => queue.events.on('completed', () => ++done === 2 && resolve()));
    queue.start({ [WEBHOOK_JOB]: webhooks.deliver });
    await bothDone;
    await queue.stop();
    // The job queued before the disabling is dropped without a request and without a log line.
    expect(calls).toEqual(['https://b.example/hook']);
    expect(await webhooks.deliveries('hooks-list', a.webhook.id)).toEqual([]);
    expect(await webhooks.deliveries('hooks-list', b.webhook.id)).toHaveLength(1);
  });

  run('logs connection failures and keeps retrying', async () => {
    const clock = manualClock(Date.UTC(2026, 10, 26));
    const ids = timeOrderedIds(clock);
    const queue = new StoreJobQueue({ db: suite.store.db, dialect, clock, ids, backoff: { baseMs: 1000, maxMs: 1000, jitter: 0 } });
    const webhooks = new WebhookService({ db: suite.store.db, clock, ids, queue, timeoutMs: 2000 });
    const s = services(suite.store.db, { clock });
    const site = await s.sites.create({ id: 'hooks-down', name: 'Down', origins: [] });
    const story = await s.stories.create({ siteId: site.id, identifier: 'd1', title: 'D' });
    const rx = await receiver([]);
    await rx.close(); // nobody listens on that port any more
    const { webhook } = await webhooks.create({ siteId: site.id, url: rx.url, events: ['comment.created'] });
    const c = await s.comments.create({ storyId: story.id, body: 'x', author: { name: 'A' } });
    await webhooks.onCommentEvent({ type: 'comment.created', comment: c.comment });
    const retry = once(queue.events, 'retry');
    queue.start({ [WEBHOOK_JOB]: webhooks.deliver });
    await retry;
    await queue.stop();
    const [log] = await webhooks.deliveries(site.id, webhook.id);
    expect(log).toMatchObject({ attempt: 1, statusCode: null });
    expect(log!.error).toBeTruthy();
  });
});
