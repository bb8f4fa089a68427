import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timeOrderedIds } from '../../src/lib/ids.js';
import { StoreJobQueue } from '../../src/jobs/store-queue.js';
import { WebhookService } from '../../src/webhooks/webhook.service.js';
import { cleanSharedRedis, civilBody, createSchema, postComment, REDIS_URL, servicesUp, startInstance, until, type Instance, type TestSchema } from './support.js';

const up = await servicesUp();

describe.skipIf(!up)('fault: two workers compete for the same jobs (BullMQ)', () => {
  let db: TestSchema;
  let web: Instance;
  let w1: Instance;
  let w2: Instance;
  const deliveries = new Map<string, number>();
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const id = (JSON.parse(body) as { id: string }).id;
      deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
      res.writeHead(204).end();
    });
  });
  beforeAll(async () => {
    db = await createSchema();
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    // The webhook row only; the queue given here is never used.
    const ids = timeOrderedIds(Date.now);
    await new WebhookService({ db: db.store.db, clock: Date.now, ids, queue: new StoreJobQueue({ db: db.store.db, dialect: 'postgres', clock: Date.now, ids }) }).create({
      siteId: db.siteId,
      url,
      events: ['comment.created'],
    });
    [web, w1, w2] = await Promise.all([
      startInstance({ schema: db.schema, redisUrl: REDIS_URL, role: 'web' }),
      startInstance({ schema: db.schema, redisUrl: REDIS_URL, role: 'worker' }),
      startInstance({ schema: db.schema, redisUrl: REDIS_URL, role: 'worker' }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([web?.kill(), w1?.kill(), w2?.kill()]);
    await new Promise((r) => receiver.close(r));
    if (db) await cleanSharedRedis(db.schema);
    await db?.drop();
  });

  it('delivers each job exactly once', async () => {
    const storyId = db.storyIds[0]!;
    const N = 20;
    for (let i = 0; i < N; i++) expect((await postComment(web.url, storyId, civilBody(i))).status).toBe(201);
    await until('every delivery', async () => deliveries.size >= N, 15_000);
    // A second run would show up now: give the workers a moment (bounded) to misbehave.
    await new Promise((r) => setTimeout(r, 1000));
    expect(deliveries.size).toBe(N);
    expect([...deliveries.values()].every((n) => n === 1)).toBe(true);
    // Workers answer probes and expose the queue's depth.
    const metrics = await (await fetch(`${w1.url}/metrics`)).text();
    expect(metrics).toMatch(/^agora_jobs_waiting 0$/m);
    expect((await fetch(`${w2.url}/readyz`)).status).toBe(200);
    expect((await fetch(`${w1.url}/api/v1/stories/${storyId}/comments`)).status).toBe(404);
  }, 30_000);
});
