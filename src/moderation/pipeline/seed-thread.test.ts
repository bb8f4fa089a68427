import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPage } from '../../importers/page/import.js';
import { sharedDir } from '../../lib/paths.js';
import { createTestApp, type TestApp } from '../../test-support/app.js';
import { loadScorer } from '../model/scorer.js';

/** The quality bar: the real model and the default policy on the reference thread. */
describe('the pipeline on the seed thread, default settings', () => {
  let t: TestApp;
  const statusOf = new Map<string, string[]>();
  beforeAll(async () => {
    t = await createTestApp('sqlite', { scorer: loadScorer() });
    const site = await t.deps.sites.create({ id: 'news', name: 'News', origins: ['https://news.example'] });
    const text = readFileSync(join(sharedDir(), 'seed', 'page.txt'), 'utf8');
    const { story } = await importPage(t.deps, { text, site, url: 'https://news.example/pmu' });
    const rows = await t.store.db
      .selectFrom('comments')
      .innerJoin('authors', 'authors.id', 'comments.author_id')
      .select(['authors.name', 'comments.status'])
      .where('comments.story_id', '=', story.id)
      .orderBy('comments.created_at')
      .execute();
    for (const r of rows) statusOf.set(r.name, [...(statusOf.get(r.name) ?? []), r.status]);
  });
  afterAll(async () => t?.close());

  it("holds or rejects verner's and hvaiallverden's comments and Xoli Xoli's last one", () => {
    expect(statusOf.get('verner')?.[0]).toMatch(/pending|rejected/);
    expect(statusOf.get('hvaiallverden')?.[0]).toMatch(/pending|rejected/);
    expect(statusOf.get('Xoli Xoli')?.at(-1)).toMatch(/pending|rejected/);
  });

  it('publishes the harmless ones', () => {
    for (const name of ['Vitex', 'Ivanus59', 'John', 'Mehmet Aslanak']) expect(statusOf.get(name), name).toEqual(['approved']);
  });
});
