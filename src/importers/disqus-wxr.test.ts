import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { packageRoot } from '../lib/paths.js';
import { CommentRepository } from '../modules/comments/comment.repository.js';
import { services } from '../test-support/factories.js';
import { DIALECTS, postgresAvailable, storeSuite } from '../test-support/stores.js';
import { importDisqus } from './disqus.js';
import { fileInput } from './input.js';
import { importWordPress } from './wordpress.js';

const pgUp = await postgresAvailable();
const fixture = (name: string) => join(packageRoot(), 'test', 'fixtures', 'import', name);

describe.each(DIALECTS)('Disqus and WordPress importers on %s', (dialect) => {
  const suite = storeSuite(dialect, pgUp);
  const run = suite.run;

  const setup = async (siteId: string, storeIps = false) => {
    const s = services(suite.store.db);
    const site = await s.sites.create({ id: siteId, name: 'Courier', origins: ['https://news.example'], settings: { storeIps } });
    return { deps: { ...s, store: suite.store }, site };
  };
  const byKey = async (siteId: string, key: string) => {
    const row = await new CommentRepository(suite.store.db).findByImportKey(siteId, key);
    return row ? new CommentRepository(suite.store.db).findWithAuthor(row.id) : undefined;
  };

  run('imports a messy Disqus export: threads, replies before parents, tombstones, spam, entities, CDATA', async () => {
    const { deps, site } = await setup('dsq');
    const bytes: number[] = [];
    const summary = await importDisqus(deps, { input: await fileInput(fixture('disqus.xml')), site, onBytes: (n) => bytes.push(n) });
    expect(bytes.at(-1)).toBeGreaterThan(3000);
    expect(summary.stories).toEqual({ created: 2, existing: 0 });
    expect(summary.comments).toMatchObject({ imported: 4, existing: 0, approved: 2, pending: 1, deleted: 1, rejected: 0 });
    expect(summary.skipped).toEqual({ 'thread deleted': 1, spam: 1, 'deleted without replies': 1, 'story not in the export': 1 });

    const harbour = (await deps.stories.find(site.id, { identifier: 'story-100' }))!;
    expect(harbour).toMatchObject({ url: 'https://news.example/2013/harbour-plan', title: 'Harbour plan: the council’s & the port\'s view', commentCount: 2 });
    expect(harbour.publishedAt).toBe(Date.UTC(2013, 4, 1, 9));
    const closed = (await deps.stories.find(site.id, { url: 'https://news.example/2013/closed-story' }))!;
    expect(closed).toMatchObject({ title: 'Closed <story> & more', closed: true });

    const first = (await byKey(site.id, 'disqus:1001'))!;
    expect(first).toMatchObject({ author_name: 'Ada Lovelace', status: 'approved', depth: 0, created_at: Date.UTC(2013, 4, 1, 10), ip: null });
    expect(first.body).toBe('First & foremost: café prices\n\nSecond paragraph with [a link](https://example.org/x).');
    const tomb = (await byKey(site.id, 'disqus:1002'))!;
    expect(tomb).toMatchObject({ status: 'deleted', body: '', parent_id: first.id, reply_count: 1 });
    const late = (await byKey(site.id, 'disqus:1003'))!;
    expect(late).toMatchObject({ parent_id: tomb.id, depth: 2, body: 'A reply that came **before** its parent in the file' });
    expect(await byKey(site.id, 'disqus:1005')).toBeUndefined();
    expect(await byKey(site.id, 'disqus:1006')).toMatchObject({ status: 'pending', story_id: closed.id });

    const again = await importDisqus(deps, { input: await fileInput(fixture('disqus.xml')), site });
    expect(again.stories).toEqual({ created: 0, existing: 2 });
    expect(again.comments).toMatchObject({ imported: 0, existing: 4 });
    const rows = await suite.store.db.selectFrom('comments').select('id').where('site_id', '=', site.id).execute();
    expect(rows).toHaveLength(4);
    expect((await deps.stories.get(harbour.id)).commentCount).toBe(2);
  });

  run('keeps IP addresses only when the site allows it', async () => {
    const { deps, site } = await setup('dsq-ip', true);
    await importDisqus(deps, { input: await fileInput(fixture('disqus.xml')), site });
    expect((await byKey(site.id, 'disqus:1001'))!.ip).toBe('192.0.2.1');
  });

  run('imports a WordPress WXR: approved, held, spam, trash with replies, pingbacks, reply before parent', async () => {
    const { deps, site } = await setup('wxr');
    const summary = await importWordPress(deps, { input: await fileInput(fixture('wordpress.xml')), site });
    expect(summary.stories).toEqual({ created: 1, existing: 0 });
    expect(summary.comments).toMatchObject({ imported: 5, approved: 3, pending: 1, deleted: 1 });
    expect(summary.skipped).toEqual({ spam: 1, pingback: 1 });
    const story = (await deps.stories.find(site.id, { identifier: 'wordpress:42' }))!;
    expect(story).toMatchObject({ title: 'Tides & times', url: 'https://blog.example/2020/tides/', commentCount: 3 });
    const ann = (await byKey(site.id, 'wordpress:5'))!;
    expect(ann).toMatchObject({ author_name: 'Ann', body: 'Line one\nLine two & *emphasis*', created_at: Date.UTC(2020, 0, 1, 11) });
    expect(await byKey(site.id, 'wordpress:7')).toMatchObject({ parent_id: ann.id, depth: 1 });
    const trash = (await byKey(site.id, 'wordpress:9'))!;
    expect(trash).toMatchObject({ status: 'deleted', reply_count: 1 });
    expect(await byKey(site.id, 'wordpress:6')).toMatchObject({ status: 'pending' });

    const again = await importWordPress(deps, { input: await fileInput(fixture('wordpress.xml')), site });
    expect(again.comments).toMatchObject({ imported: 0, existing: 5 });
  });
});
