import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { civilBody, createSchema, postComment, servicesUp, startInstance, startPgProxy, until, type Instance, type PgProxy, type TestSchema } from './support.js';

const up = await servicesUp();

describe.skipIf(!up)('fault: PostgreSQL restarts (connections cut, then back)', () => {
  let db: TestSchema;
  let proxy: PgProxy;
  let a: Instance;
  beforeAll(async () => {
    db = await createSchema();
    proxy = await startPgProxy();
    a = await startInstance({ schema: db.schema, databaseUrl: proxy.url });
  }, 60_000);
  afterAll(async () => {
    await a?.kill();
    await proxy?.close();
    await db?.drop();
  });

  it('answers 503 quickly while it is away and recovers by itself', async () => {
    const storyId = db.storyIds[0]!;
    expect((await postComment(a.url, storyId, civilBody(1))).status).toBe(201);

    await proxy.cut();
    const started = Date.now();
    const during = await postComment(a.url, storyId, civilBody(2), 10_000);
    expect(during.status, `${during.error ?? ""} ${a.output().slice(-3000)}`).toBe(503);
    // Bounded by the pool's connection timeout (5 s), never a hang.
    expect(Date.now() - started).toBeLessThan(7000);
    const ready = await fetch(`${a.url}/readyz`, { signal: AbortSignal.timeout(5000) });
    expect(ready.status).toBe(503);

    await proxy.restore();
    const after = await until(
      'a comment accepted after PostgreSQL came back',
      async () => {
        const r = await postComment(a.url, storyId, civilBody(3), 7000);
        return r.status === 201 ? r : null;
      },
      15_000,
      200,
    );
    expect(after.id).toBeTruthy();
    expect((await fetch(`${a.url}/readyz`)).status).toBe(200);
  }, 45_000);
});
