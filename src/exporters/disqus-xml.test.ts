import { describe, expect } from 'vitest';
import { importDisqus } from '../importers/disqus.js';
import { memoryOut, stringInput } from '../importers/test-helpers.js';
import { CommentRepository } from '../modules/comments/comment.repository.js';
import { manualClock, services } from '../test-support/factories.js';
import { DIALECTS, postgresAvailable, storeSuite } from '../test-support/stores.js';
import { exportDisqusXml } from './disqus-xml.js';

const pgUp = await postgresAvailable();

describe.each(DIALECTS)('Disqus XML export on %s', (dialect) => {
  // Export from one store, import into another.
  const from = storeSuite(dialect, pgUp);
  const to = storeSuite(dialect, pgUp);
  const { run } = from;

  run('writes threads then posts that Disqus (and our importer) read back', async () => {
    const s = services(from.store.db, { clock: manualClock(Date.UTC(2026, 1, 1)) });
    const site = await s.sites.create({ id: 'out', name: 'Out', origins: ['https://out.example'] });
    const story = await s.stories.create({ siteId: site.id, url: 'https://out.example/a?x=1&y=2', title: 'Cats & <dogs> ]]>' });
    const top = await s.comments.create({ storyId: story.id, body: 'Hello **world** ]]> & <b>', author: { name: 'Ann "A"', email: 'ann@out.example' } });
    s.clock.advance(1000);
    const reply = await s.comments.create({ storyId: story.id, parentId: top.comment.id, body: 'reply', author: { name: 'Bo' } });
    s.clock.advance(1000);
    await s.comments.create({ storyId: story.id, parentId: reply.comment.id, body: 'deeper', author: { name: 'Cy' } });
    await s.comments.deleteOwn(reply.comment.id, reply.editKey);

    const { out, text } = memoryOut();
    expect(await exportDisqusXml({ db: from.store.db, out, siteId: site.id })).toEqual({ stories: 1, comments: 3 });
    const xml = text();
    expect(xml.indexOf('<thread ')).toBeLessThan(xml.indexOf('<post '));

    const t = services(to.store.db);
    const into = await t.sites.create({ id: 'in', name: 'In', origins: [] });
    const summary = await importDisqus({ ...t, store: to.store }, { input: stringInput(xml), site: into });
    expect(summary.warnings).toBe(0);
    expect(summary.comments).toMatchObject({ imported: 3, approved: 2, deleted: 1 });
    const imported = (await t.stories.find(into.id, { url: 'https://out.example/a?x=1&y=2' }))!;
    expect(imported.title).toBe('Cats & <dogs> ]]>');
    const rows = await new CommentRepository(to.store.db).listByStoryWithAuthors(imported.id);
    expect(rows.map((r) => [r.author_name, r.author_email, r.depth, r.status])).toEqual([
      ['Ann "A"', 'ann@out.example', 0, 'approved'],
      ['Bo', null, 1, 'deleted'],
      ['Cy', null, 2, 'approved'],
    ]);
    expect(rows[0]!.body).toBe('Hello **world** ]]> & <b>');
  });
});
