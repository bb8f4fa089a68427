import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanSharedRedis, createSchema, civilBody, postComment, REDIS_URL, servicesUp, startInstance, type Instance, type TestSchema } from './support.js';

const up = await servicesUp();

describe.skipIf(!up)('fault: an instance is killed (-9) during a write load', () => {
  let db: TestSchema;
  let a: Instance;
  let b: Instance;
  beforeAll(async () => {
    db = await createSchema();
    [a, b] = await Promise.all([
      startInstance({ schema: db.schema, redisUrl: REDIS_URL }),
      startInstance({ schema: db.schema, redisUrl: REDIS_URL }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.kill(), b?.kill()]);
    if (db) await cleanSharedRedis(db.schema);
    await db?.drop();
  });

  it('loses no acknowledged comment, and the other instance serves throughout', async () => {
    const storyId = db.storyIds[0]!;
    const acknowledged: string[] = [];
    const onB: number[] = [];
    let killedAt = 0;
    let n = 0;
    // Four writers alternate between the instances for 3 s (at most 2000 posts); A dies after 1 s.
    const stopAt = Date.now() + 3000;
    const writer = async () => {
      while (Date.now() < stopAt && n < 2000) {
        const target = n % 2 ? b : a;
        const r = await postComment(target.url, storyId, civilBody(n++), 5000);
        if (r.status === 201 && r.id) acknowledged.push(r.id);
        if (target === b) onB.push(r.status);
      }
    };
    const killer = (async () => {
      await new Promise((r) => setTimeout(r, 1000));
      killedAt = Date.now();
      a.child.kill('SIGKILL');
    })();
    await Promise.all([writer(), writer(), writer(), writer(), killer]);
    expect(killedAt).toBeGreaterThan(0);
    expect(acknowledged.length).toBeGreaterThan(10);
    expect(onB.length).toBeGreaterThan(5);
    expect(onB.every((s) => s === 201)).toBe(true);
    const stored = new Set((await db.store.db.selectFrom('comments').select('id').execute()).map((r) => r.id));
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    const thread = await fetch(`${b.url}/api/v1/stories/${storyId}/comments?limit=5`);
    expect(thread.status).toBe(200);
  }, 30_000);
});
