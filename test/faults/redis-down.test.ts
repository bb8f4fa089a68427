import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { civilBody, createSchema, postComment, readSse, servicesUp, startInstance, startPrivateRedis, until, type Instance, type PrivateRedis, type TestSchema } from './support.js';

const up = await servicesUp();

describe.skipIf(!up)('fault: Redis stops and comes back', () => {
  let db: TestSchema;
  let redis: PrivateRedis;
  let a: Instance;
  let b: Instance;
  beforeAll(async () => {
    db = await createSchema();
    redis = await startPrivateRedis();
    [a, b] = await Promise.all([startInstance({ schema: db.schema, redisUrl: redis.url }), startInstance({ schema: db.schema, redisUrl: redis.url })]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.kill(), b?.kill()]);
    await redis?.stop();
    await db?.drop();
  });

  it('keeps accepting and serving comments; live updates pause, then resume by themselves', async () => {
    const storyId = db.storyIds[0]!;
    const live = await readSse(b.url, storyId);
    try {
      // Before: a comment posted on A reaches a reader on B.
      const first = await postComment(a.url, storyId, civilBody(1));
      expect(first.status).toBe(201);
      await live.waitFor(first.id!);

      await redis.stop();
      await until('A to report Redis down', async () => (await fetch(`${a.url}/readyz`)).status === 503, 5000);
      const during = await postComment(a.url, storyId, civilBody(2), 5000);
      expect(during.status).toBe(201);
      const read = await fetch(`${b.url}/api/v1/stories/${storyId}/comments?limit=50`, { signal: AbortSignal.timeout(5000) });
      expect(read.status).toBe(200);
      expect(((await read.json()) as { comments: Array<{ id: string }> }).comments.map((c) => c.id)).toContain(during.id);

      await redis.start();
      await until('both instances ready again', async () => (await fetch(`${a.url}/readyz`)).ok && (await fetch(`${b.url}/readyz`)).ok, 10_000);
      // The stream stayed open; once B has re-subscribed, new comments arrive again (bounded: 10 tries).
      await until(
        'a live update after Redis came back',
        async () => {
          const p = await postComment(a.url, storyId, civilBody(3));
          expect(p.status).toBe(201);
          return live.waitFor(p.id!, 1000).then(() => true);
        },
        10_000,
        0,
      );
    } finally {
      live.close();
    }
  }, 45_000);
});
