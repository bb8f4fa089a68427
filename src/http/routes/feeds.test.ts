import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/app.js';
import { DIALECTS, postgresAvailable } from '../../test-support/stores.js';

const pgUp = await postgresAvailable();

/** Parses a feed back: entry/item titles, links, and content or description, as a reader would. */
function parseFeed(xml: string): { title: string; entries: Array<{ title: string; link: string; content: string; author: string }> } {
  const parser = new SaxesParser();
  const entries: Array<{ title: string; link: string; content: string; author: string }> = [];
  let feedTitle = '';
  const path: string[] = [];
  let text = '';
  let current: { title: string; link: string; content: string; author: string } | null = null;
  parser.on('opentag', (t) => {
    path.push(t.name);
    text = '';
    if (t.name === 'entry' || t.name === 'item') current = { title: '', link: '', content: '', author: '' };
    if (current && t.name === 'link' && t.attributes.href) current.link = String(t.attributes.href);
  });
  parser.on('text', (t) => (text += t));
  parser.on('cdata', (t) => (text += t));
  parser.on('closetag', (t) => {
    path.pop();
    if (current) {
      if (t.name === 'title') current.title = text;
      if (t.name === 'link' && text.trim()) current.link = text.trim();
      if (t.name === 'content' || t.name === 'content:encoded') current.content = text;
      if (t.name === 'name' || t.name === 'dc:creator') current.author = text;
      if (t.name === 'entry' || t.name === 'item') {
        entries.push(current);
        current = null;
      }
    } else if (t.name === 'title' && !feedTitle) feedTitle = text;
    text = '';
  });
  parser.write(xml).close();
  return { title: feedTitle, entries };
}

describe.each(DIALECTS)('feeds on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    if (dialect === 'postgres' && !pgUp) return;
    t = await createTestApp(dialect);
  });
  afterAll(async () => t?.close());
  const run = dialect === 'postgres' && !pgUp ? it.skip : it;

  run('serves Atom and RSS of approved comments, escaped, newest first, and parses back', async () => {
    const { deps, clock } = t;
    const site = await deps.sites.create({ id: 'feeds', name: 'Feeds & <Co>', origins: [] });
    const story = await deps.stories.create({ siteId: site.id, identifier: 'f1', title: 'Tides & <times> ]]>' });
    const a = await deps.comments.create({ storyId: story.id, body: 'First <script>alert(1)</script> & ]]> done', author: { name: 'Ann & <Co>', email: 'ann@hidden.example' } });
    clock.advance(1000);
    const b = await deps.comments.create({ storyId: story.id, body: 'Second', author: { name: 'Bo' } });
    clock.advance(1000);
    const c = await deps.comments.create({ storyId: story.id, body: 'Hidden one', author: { name: 'Cy' } });
    await deps.comments.setStatus(c.comment.id, 'rejected');

    for (const ext of ['atom', 'rss'] as const) {
      for (const url of [`/feeds/stories/${story.id}.${ext}`, `/feeds/sites/${site.id}.${ext}`]) {
        const res = await t.app.inject({ url });
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toContain(ext === 'atom' ? 'application/atom+xml' : 'application/rss+xml');
        expect(res.body).not.toContain('ann@hidden.example');
        expect(res.body).not.toContain('<script>');
        const feed = parseFeed(res.body);
        expect(feed.entries.map((e) => e.link)).toEqual([b, a].map((x) => `http://agora.test/stories/${story.id}/comments/${x.comment.id}`));
        const first = feed.entries[1]!;
        // Titles are HTML in both formats (the feed library declares type="html"), so user text arrives escaped.
        expect(first.title).toBe('Ann &amp; &lt;Co&gt; on “Tides &amp; &lt;times&gt; ]]&gt;”');
        expect(first.content).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; ]]&gt; done');
      }
    }
    expect((await t.app.inject({ url: `/feeds/stories/${story.id}.json` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/feeds/sites/nope.rss' })).statusCode).toBe(404);
  });
});
