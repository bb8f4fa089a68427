import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScorer } from '../moderation/model/scorer.js';
import { createTestApp, type TestApp } from '../test-support/app.js';
import { seedDemo } from './seed.js';

/** The demo site is what a new operator sees first: its abusive comments must be waiting for a moderator. */
describe('the demo site', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { scorer: loadScorer() });
  });
  afterAll(async () => t?.close());

  it('loads three stories once, holding the comments a moderator would act on', async () => {
    const first = await seedDemo(t.deps);
    expect(first).toMatchObject({ stories: 3 });
    expect(await seedDemo(t.deps)).toBeNull();
    const held = await t.store.db
      .selectFrom('comments')
      .innerJoin('authors', 'authors.id', 'comments.author_id')
      .select(['authors.name', 'comments.status'])
      .where('comments.status', '!=', 'approved')
      .execute();
    const names = held.map((h) => h.name).sort();
    for (const abusive of ['carguy_77', 'Hannah Schmidt', 'Diego Morales', 'ValleyRealist', 'Karen L.', 'RedScarf1928', 'Jamal Wright']) {
      expect(names, abusive).toContain(abusive);
    }
    // Harmless comments that use violent words in a figurative sense stay published.
    expect(names).not.toContain('Chidi Okeke');
    expect(names).not.toContain('Lukas Becker');
    expect(names).not.toContain('Kwame Mensah');
  });
});
