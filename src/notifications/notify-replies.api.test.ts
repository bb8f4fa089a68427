import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/app.js';
import { DIALECTS, postgresAvailable } from '../test-support/stores.js';

const pgUp = await postgresAvailable();

describe.each(DIALECTS)('posting with notifyReplies on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    if (dialect === 'postgres' && !pgUp) return;
    t = await createTestApp(dialect);
  });
  afterAll(async () => t?.close());
  const run = dialect === 'postgres' && !pgUp ? it.skip : it;

  run('stores the opt-in only with an email', async () => {
    const site = await t.deps.sites.create({ id: 'optin', name: 'Opt-in', origins: [] });
    const story = await t.deps.stories.create({ siteId: site.id, identifier: 'o1', title: 'O' });
    const post = (payload: object) => t.app.inject({ method: 'POST', url: `/api/v1/stories/${story.id}/comments`, payload });
    const withEmail = await post({ body: 'Tell me', author: { name: 'Ann', email: 'ann@example.org' }, notifyReplies: true });
    const without = await post({ body: 'Tell me too', author: { name: 'Bo' }, notifyReplies: true });
    expect([withEmail.statusCode, without.statusCode]).toEqual([201, 201]);
    const flags = await t.store.db
      .selectFrom('comments')
      .select(['id', 'notify_replies'])
      .where('id', 'in', [withEmail.json().comment.id, without.json().comment.id])
      .execute();
    expect(Object.fromEntries(flags.map((f) => [f.id, Number(f.notify_replies)]))).toEqual({ [withEmail.json().comment.id]: 1, [without.json().comment.id]: 0 });
    expect((await post({ body: 'x', author: { name: 'C' }, notifyReplies: 'yes please' })).statusCode).toBe(400);
  });
});
