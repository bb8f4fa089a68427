import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { exportAgoraJson } from '../exporters/agora-json.js';
import { packageRoot } from '../lib/paths.js';
import { manualClock, services } from '../test-support/factories.js';
import { DIALECTS, postgresAvailable, storeSuite, type TestStore } from '../test-support/stores.js';
import { importAgoraJson } from './agora-json.js';
import { importDisqus } from './disqus.js';
import { fileInput } from './input.js';
import { memoryOut, stringInput } from './test-helpers.js';

const pgUp = await postgresAvailable();

async function exportText(store: TestStore): Promise<string> {
  const { out, text } = memoryOut();
  await exportAgoraJson({ db: store.db, out, now: 0 });
  return text();
}

describe.each(DIALECTS)('Agora JSON round trip on %s', (dialect) => {
  // Export from one store, import into another.
  const from = storeSuite(dialect, pgUp);
  const to = storeSuite(dialect, pgUp);
  const { run } = from;

  run('export → import into an empty store → export gives the same document', async () => {
    const clock = manualClock(Date.UTC(2026, 5, 1));
    const s = services(from.store.db, { clock });
    const site = await s.sites.create({ id: 'rt', name: 'Round "trip" <site>', origins: ['https://rt.example'], settings: { premoderation: 'all', moderatorEmails: ['m@rt.example'] } });
    await s.sites.create({ id: 'other', name: 'Other', origins: [] });
    const a = await s.stories.create({ siteId: site.id, url: 'https://rt.example/a', title: 'A', body: 'Body\nof A', image: { url: 'https://rt.example/a.png', caption: 'Cap', credit: null } });
    clock.advance(1000);
    const b = await s.stories.create({ siteId: site.id, identifier: 'b-id', title: 'B', publishedAt: null });
    await s.stories.setClosed(b.id, true);
    const top = await s.comments.create({ storyId: a.id, body: 'Top *one*', author: { name: 'Ada', email: 'Ada@Example.org' } });
    clock.advance(1000);
    const reply = await s.comments.create({ storyId: a.id, parentId: top.comment.id, body: 'Reply with "quotes" & <tags>', author: { name: 'Bo' } });
    clock.advance(1000);
    await s.comments.create({ storyId: a.id, parentId: reply.comment.id, body: 'Deep', author: { name: 'Cy' } });
    clock.advance(1000);
    await s.comments.edit(reply.comment.id, { body: 'Edited reply', editKey: reply.editKey });
    await s.comments.deleteOwn(reply.comment.id, reply.editKey);
    const gone = await s.comments.create({ storyId: a.id, body: 'Deleted without replies', author: { name: 'Di' } });
    await s.comments.deleteOwn(gone.comment.id, gone.editKey);
    const rejected = await s.comments.create({ storyId: a.id, body: 'Rejected', author: { name: 'Ed' } });
    await s.comments.setStatus(rejected.comment.id, 'rejected');
    const pending = await s.comments.create({ storyId: a.id, body: 'Pending', author: { name: 'Fa' } });
    await s.comments.setStatus(pending.comment.id, 'pending');
    // Comments imported from elsewhere keep their import key, so re-importing the original file still dedupes.
    await importDisqus({ ...s, store: from.store }, { input: await fileInput(join(packageRoot(), 'test', 'fixtures', 'import', 'disqus.xml')), site });

    const first = await exportText(from.store);
    const t = services(to.store.db, { clock: manualClock(Date.UTC(2027, 0, 1)) });
    const summaries = await importAgoraJson({ ...t, store: to.store }, { input: stringInput(first) });
    expect(summaries.map((x) => x.comments.imported)).toEqual([0, 10]);
    const second = await exportText(to.store);
    expect(JSON.parse(second)).toEqual(JSON.parse(first));
    expect(second).toBe(first);

    const again = await importAgoraJson({ ...t, store: to.store }, { input: stringInput(first) });
    expect(again[1]!.comments).toMatchObject({ imported: 0, existing: 10 });
    expect(await exportText(to.store)).toBe(first);
    const redo = await importDisqus({ ...t, store: to.store }, { input: await fileInput(join(packageRoot(), 'test', 'fixtures', 'import', 'disqus.xml')), site: await t.sites.get('rt') });
    expect(redo.comments.imported).toBe(0);
  });

  run('reads keys in any order (a story\'s comments after its fields) and picks one site', async () => {
    const doc = {
      sites: [
        { stories: [], id: 'skip-me', name: 'Skip' },
        {
          name: 'Picked',
          id: 'picked',
          stories: [{ title: 'One', id: 's1', identifier: 'one', url: null, publishedAt: 5, createdAt: 5, comments: [{ id: 'c2', parentId: 'c1', status: 'approved', author: { name: 'B', email: null }, body: 'child first', createdAt: 2, editedAt: null, deletedAt: null }, { id: 'c1', parentId: null, status: 'approved', author: { name: 'A', email: null }, body: 'parent', createdAt: 1, editedAt: null, deletedAt: null }] }],
        },
      ],
      format: 'agora',
    };
    const t = services(to.store.db);
    const [summary] = await importAgoraJson({ ...t, store: to.store }, { input: stringInput(JSON.stringify(doc)), siteId: 'picked' });
    expect(summary!.comments.imported).toBe(2);
    expect(await t.sites.list().then((l) => l.map((x) => x.id))).not.toContain('skip-me');
    const story = await t.stories.get('s1');
    expect(story.commentCount).toBe(2);
  });
});
