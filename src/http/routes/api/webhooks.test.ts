import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test-support/app.js';
import { DIALECTS, postgresAvailable } from '../../../test-support/stores.js';
import { userWithRole } from '../../../test-support/users.js';
import { WebhookRepository } from '../../../webhooks/webhook.repository.js';

const pgUp = await postgresAvailable();

describe.each(DIALECTS)('webhooks API on %s', (dialect) => {
  let t: TestApp;
  let admin: Record<string, string>;
  let moderator: Record<string, string>;
  const skip = dialect === 'postgres' && !pgUp;
  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, headers = admin) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  const refusal = async (res: Awaited<ReturnType<typeof call>>) => [res.statusCode, res.json().error?.code];

  beforeAll(async () => {
    if (skip) return;
    t = await createTestApp(dialect);
    await t.deps.sites.create({ id: 'news', name: 'News', origins: ['https://news.example'] });
    await t.deps.sites.create({ id: 'other', name: 'Other', origins: ['https://other.example'] });
    admin = (await userWithRole(t.deps, 'admin', { siteId: 'news' })).headers;
    moderator = (await userWithRole(t.deps, 'moderator', { siteId: 'news' })).headers;
  });
  afterAll(async () => t?.close());
  const run = skip ? it.skip : it;

  run('creates a webhook showing the secret once, lists it without, disables it and keeps its log', async () => {
    const created = await call('POST', '/sites/news/webhooks', {
      url: 'https://hooks.example/agora',
      events: ['comment.created', 'comment.status'],
    });
    expect(created.statusCode).toBe(201);
    const { webhook, secret } = created.json() as { webhook: Record<string, unknown> & { id: string }; secret: string };
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    expect(webhook).toEqual({
      id: webhook.id,
      url: 'https://hooks.example/agora',
      events: ['comment.created', 'comment.status'],
      active: true,
      createdAt: new Date(t.clock()).toISOString(),
    });

    const listed = await call('GET', '/sites/news/webhooks');
    expect(listed.statusCode).toBe(200);
    expect(listed.json().webhooks).toEqual([webhook]);
    expect(listed.body).not.toContain(secret);
    expect((await call('GET', '/sites/other/webhooks')).json().webhooks).toEqual([]);

    const repo = new WebhookRepository(t.store.db);
    for (const [attempt, status] of [
      [1, 500],
      [2, 200],
    ] as const) {
      await repo.insertDelivery({
        id: `d${attempt}`,
        webhook_id: webhook.id,
        event_id: 'e1',
        event_type: 'comment.created',
        attempt,
        status_code: status,
        duration_ms: 12,
        error: status === 200 ? null : 'HTTP 500',
        created_at: t.clock() + attempt,
      });
    }
    const log = (await call('GET', `/sites/news/webhooks/${webhook.id}/deliveries`)).json().deliveries as Array<Record<string, unknown>>;
    expect(log.map((d) => [d.attempt, d.statusCode, d.error])).toEqual([
      [2, 200, null],
      [1, 500, 'HTTP 500'],
    ]);

    const disabled = await call('DELETE', `/sites/news/webhooks/${webhook.id}`);
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json().webhook).toMatchObject({ id: webhook.id, active: false });
    expect((await call('DELETE', `/sites/news/webhooks/${webhook.id}`)).statusCode).toBe(200);
    expect((await call('GET', '/sites/news/webhooks')).json().webhooks).toEqual([{ ...webhook, active: false }]);
    expect((await call('GET', `/sites/news/webhooks/${webhook.id}/deliveries`)).json().deliveries).toHaveLength(2);
  });

  run('refuses bad input with a clear 4xx', async () => {
    const bad = (payload: unknown) => call('POST', '/sites/news/webhooks', payload).then(refusal);
    expect(await bad({ url: 'not a url', events: ['comment.created'] })).toEqual([400, 'VALIDATION']);
    expect(await bad({ url: 'ftp://hooks.example/x', events: ['comment.created'] })).toEqual([400, 'VALIDATION']);
    expect(await bad({ url: 'https://hooks.example/x', events: ['comment.deleted'] })).toEqual([400, 'VALIDATION']);
    expect(await bad({ url: 'https://hooks.example/x', events: [] })).toEqual([400, 'VALIDATION']);
    expect(await bad({ url: 'https://hooks.example/x' })).toEqual([400, 'VALIDATION']);
    expect(await bad({ url: 'https://hooks.example/x', events: ['comment.created'], secret: 'mine' })).toEqual([400, 'VALIDATION']);
    const badMessage = await call('POST', '/sites/news/webhooks', { url: 'https://hooks.example/x', events: ['comment.deleted'] });
    expect(badMessage.json().error.message).toMatch(/events|allowed|equal/i);

    expect(
      await call('POST', '/sites/nowhere/webhooks', { url: 'https://hooks.example/x', events: ['comment.created'] }).then(refusal),
    ).toEqual([404, 'SITE_NOT_FOUND']);
    expect(await call('GET', '/sites/nowhere/webhooks').then(refusal)).toEqual([404, 'SITE_NOT_FOUND']);
    expect(await call('DELETE', '/sites/news/webhooks/nope').then(refusal)).toEqual([404, 'NOT_FOUND']);
    expect(await call('DELETE', '/sites/news/webhooks/bad%20id').then(refusal)).toEqual([400, 'VALIDATION']);

    // Another site's webhook does not exist here: neither its log nor its disabling is reachable through this site.
    const theirs = (await call('POST', '/sites/other/webhooks', { url: 'https://other.example/hook', events: ['comment.created'] })).json()
      .webhook.id as string;
    expect(await call('DELETE', `/sites/news/webhooks/${theirs}`).then(refusal)).toEqual([404, 'NOT_FOUND']);
    expect(await call('GET', `/sites/news/webhooks/${theirs}/deliveries`).then(refusal)).toEqual([404, 'NOT_FOUND']);
    expect((await call('GET', '/sites/other/webhooks')).json().webhooks[0]).toMatchObject({ id: theirs, active: true });
  });

  run('a moderator of the site neither reads nor changes its webhooks', async () => {
    const id = (await call('POST', '/sites/news/webhooks', { url: 'https://hooks.example/m', events: ['comment.created'] })).json().webhook
      .id as string;
    expect(await call('GET', '/sites/news/webhooks', undefined, moderator).then(refusal)).toEqual([403, 'FORBIDDEN']);
    expect(
      await call('POST', '/sites/news/webhooks', { url: 'https://evil.example/', events: ['comment.created'] }, moderator).then(refusal),
    ).toEqual([403, 'FORBIDDEN']);
    expect(await call('DELETE', `/sites/news/webhooks/${id}`, undefined, moderator).then(refusal)).toEqual([403, 'FORBIDDEN']);
    // Not even whether a site exists.
    expect(await call('GET', '/sites/nowhere/webhooks', undefined, moderator).then(refusal)).toEqual([403, 'FORBIDDEN']);
    expect((await call('GET', '/sites/news/webhooks')).json().webhooks.find((w: { id: string }) => w.id === id)).toMatchObject({
      active: true,
    });
  });
});
