import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Feed } from 'feed';
import { Type } from 'typebox';
import type { Deps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { FeedRepository, type FeedComment } from '../../feeds/feed.repository.js';
import { escapeHtml, htmlToText } from '../../lib/html.js';

const FORMATS = { atom: 'application/atom+xml; charset=utf-8', rss: 'application/rss+xml; charset=utf-8' } as const;
type Format = keyof typeof FORMATS;

/** "abc.atom" → {id: "abc", format: "atom"}; anything else is not a feed. */
function parseFile(file: string): { id: string; format: Format } | null {
  const m = /^(.+)\.(atom|rss)$/.exec(file);
  return m ? { id: m[1]!, format: m[2] as Format } : null;
}

const excerpt = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Atom and RSS feeds of the latest approved comments of a story or a site. The feed library escapes every text
 * value; comment HTML is the sanitized rendering and goes in as content. Emails never appear.
 */
export const feedRoutes: FastifyPluginAsyncTypebox<{ deps: Pick<Deps, 'config' | 'stories' | 'sites' | 'store'> }> = async (app, { deps }) => {
  const base = deps.config.publicUrl;
  const permalink = (c: FeedComment) => `${base}/stories/${encodeURIComponent(c.story_id)}/comments/${encodeURIComponent(c.id)}`;
  const render = (opts: { format: Format; id: string; title: string; link: string; self: string; comments: FeedComment[] }) => {
    const feed = new Feed({
      id: opts.self,
      title: opts.title,
      link: opts.link,
      updated: new Date(opts.comments[0]?.created_at ?? 0),
      generator: 'Agora',
      feedLinks: { [opts.format]: opts.self },
      copyright: '',
    });
    for (const c of opts.comments) {
      feed.addItem({
        // The library marks entry titles and summaries as HTML: user text is escaped so it stays text.
        title: escapeHtml(`${c.author_name} on “${c.story_title}”`),
        id: permalink(c),
        link: permalink(c),
        date: new Date(c.created_at),
        description: escapeHtml(excerpt(htmlToText(c.html), 300)),
        content: c.html,
        author: [{ name: c.author_name }],
      });
    }
    return opts.format === 'atom' ? feed.atom1() : feed.rss2();
  };
  const Params = Type.Object({ file: Type.String({ maxLength: 200 }) });
  const Query = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })) });

  app.get('/feeds/stories/:file', { schema: { hide: true, params: Params, querystring: Query } }, async (req, reply) => {
    const f = parseFile(req.params.file);
    if (!f) throw notFound('story', req.params.file);
    const story = await deps.stories.get(f.id);
    const comments = await new FeedRepository(deps.store.db).latest({ storyId: story.id }, req.query.limit ?? 50);
    const link = `${base}/stories/${encodeURIComponent(story.id)}`;
    reply.type(FORMATS[f.format]);
    return render({ format: f.format, id: story.id, title: `Comments on “${story.title}”`, link, self: `${base}/feeds/stories/${encodeURIComponent(req.params.file)}`, comments });
  });

  app.get('/feeds/sites/:file', { schema: { hide: true, params: Params, querystring: Query } }, async (req, reply) => {
    const f = parseFile(req.params.file);
    if (!f) throw notFound('site', req.params.file);
    const site = await deps.sites.get(f.id);
    const comments = await new FeedRepository(deps.store.db).latest({ siteId: site.id }, req.query.limit ?? 50);
    reply.type(FORMATS[f.format]);
    return render({ format: f.format, id: site.id, title: `Latest comments on ${site.name}`, link: base, self: `${base}/feeds/sites/${encodeURIComponent(req.params.file)}`, comments });
  });
};
