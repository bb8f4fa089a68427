import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { packageRoot } from '../lib/paths.js';
import { CommentRepository } from '../modules/comments/comment.repository.js';
import { services } from '../test-support/factories.js';
import { DIALECTS, postgresAvailable, storeSuite } from '../test-support/stores.js';
import { importCommento } from './commento.js';
import { fileInput } from './input.js';
import { importIsso } from './isso.js';
import { importRemark42 } from './remark42.js';

const pgUp = await postgresAvailable();
const fixture = (name: string) => join(packageRoot(), 'test', 'fixtures', 'import', name);

describe.each(DIALECTS)('Commento, Remark42 and Isso importers on %s', (dialect) => {
  const suite = storeSuite(dialect, pgUp);
  const run = suite.run;

  const setup = async (siteId: string) => {
    const s = services(suite.store.db);
    const site = await s.sites.create({ id: siteId, name: siteId, origins: ['https://news.example'] });
    return { deps: { ...s, store: suite.store }, site };
  };
  const byKey = async (siteId: string, key: string) => {
    const row = await new CommentRepository(suite.store.db).findByImportKey(siteId, key);
    return row ? new CommentRepository(suite.store.db).findWithAuthor(row.id) : undefined;
  };

  run('Commento: commenters listed after comments, replies before parents, tombstones, missing parents', async () => {
    const { deps, site } = await setup('commento');
    const file = fixture('commento.json');
    const summary = await importCommento(deps, { input: await fileInput(file), reopen: () => fileInput(file), site });
    expect(summary.stories.created).toBe(2);
    expect(summary.comments).toMatchObject({ imported: 6, approved: 4, pending: 1, deleted: 1 });
    expect(summary.orphans).toBe(1);
    const c1 = (await byKey(site.id, 'commento:c1'))!;
    expect(c1).toMatchObject({ author_name: 'Person One', body: 'First\n\nwith <html> & stuff', created_at: Date.UTC(2020, 1, 1, 10) });
    expect(await byKey(site.id, 'commento:c2')).toMatchObject({ parent_id: c1.id, author_name: 'Person Two' });
    expect(await byKey(site.id, 'commento:c3')).toMatchObject({ status: 'pending', author_name: 'Anonymous' });
    expect(await byKey(site.id, 'commento:c4')).toMatchObject({ status: 'deleted', reply_count: 1 });
    expect(await byKey(site.id, 'commento:c6')).toMatchObject({ parent_id: null, depth: 0 });
    const again = await importCommento(deps, { input: await fileInput(file), reopen: () => fileInput(file), site });
    expect(again.comments).toMatchObject({ imported: 0, existing: 6 });
  });

  run('Remark42: line-delimited backup with a meta line, HTML-only comments, a garbage line', async () => {
    const { deps, site } = await setup('remark');
    const summary = await importRemark42(deps, { input: await fileInput(fixture('remark42.jsonl')), site });
    expect(summary).toMatchObject({ stories: { created: 1 }, warnings: 1, skipped: { 'deleted without replies': 1 } });
    expect(summary.comments).toMatchObject({ imported: 2, approved: 2 });
    const story = (await deps.stories.find(site.id, { url: 'https://r42.example/a' }))!;
    expect(story.title).toBe('Remark post');
    const r1 = (await byKey(site.id, 'remark42:r1'))!;
    expect(r1.body).toBe('Hello *there* & more');
    expect(await byKey(site.id, 'remark42:r2')).toMatchObject({ parent_id: r1.id, body: 'reply first' });
  });

  run('Isso: generic JSON, modes, epoch and microsecond dates, replies before parents', async () => {
    const { deps, site } = await setup('isso');
    const summary = await importIsso(deps, { input: await fileInput(fixture('isso.json')), site });
    expect(summary.comments).toMatchObject({ imported: 3, approved: 2, pending: 1 });
    expect(summary.skipped).toEqual({ 'deleted without replies': 1 });
    const story = (await deps.stories.find(site.id, { identifier: '/2019/isso-post/' }))!;
    expect(story).toMatchObject({ url: 'https://news.example/2019/isso-post/', title: 'Isso & friends', commentCount: 2 });
    const pending = (await byKey(site.id, 'isso:/2019/isso-post/#2'))!;
    expect(pending).toMatchObject({ status: 'pending', created_at: 1554114000_000 });
    expect(await byKey(site.id, 'isso:/2019/isso-post/#3')).toMatchObject({ parent_id: pending.id, depth: 2, author_name: 'Anonymous' });
    expect((await byKey(site.id, 'isso:/2019/isso-post/#1'))!.created_at).toBe(Date.UTC(2019, 3, 1, 10));
  });
});
