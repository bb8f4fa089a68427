import { join } from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import fastifyStatic from '@fastify/static';
import { Type } from 'typebox';
import type { Deps } from '../../../deps.js';
import { AppError } from '../../../errors.js';
import { html, htmlToText } from '../../../lib/html.js';
import { packageRoot } from '../../../lib/paths.js';
import { THREAD_SORTS } from '../../../modules/comments/comment.repository.js';
import type { Story } from '../../../modules/stories/story.service.js';
import { formatDate, layout } from './layout.js';
import { renderComment, renderThread } from './thread.html.js';

const SORT_LABELS: Record<(typeof THREAD_SORTS)[number], string> = { newest: 'Newest', oldest: 'Oldest', best: 'Best', replies: 'Most replies' };

function paragraphs(text: string) {
  return text
    .split(/\n{2,}/)
    .filter((p) => p.trim())
    .map((p) => html`<p>${p.trim()}</p>`);
}

function storyHeader(story: Story) {
  return html`<header class="story__header"><h1>${story.title}</h1><p class="story__date">${formatDate(story.publishedAt)}</p></header>
${story.image.url || story.image.caption ? html`<figure class="story__figure">${story.image.url ? html`<img src="${story.image.url}" alt="${story.image.caption ?? ''}" width="1200" height="630">` : ''}
<figcaption>${story.image.caption ?? ''}${story.image.credit ? html` <span class="credit">(Photo: ${story.image.credit})</span>` : ''}</figcaption></figure>` : ''}`;
}

/**
 * Agora's own news site: a front page and an article page per story, server-rendered. The article page also loads
 * the widget into #agora-thread: its shadow root hides the server-rendered thread (light DOM without a slot), so
 * readers with JavaScript get the full widget and readers without keep the plain thread.
 */
export const pageRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  await app.register(fastifyStatic, { root: join(packageRoot(), 'public'), prefix: '/assets/', maxAge: '1h', index: false });

  app.get('/', { schema: { hide: true } }, async (_req, reply) => {
    const sites = await deps.sites.list();
    const site = sites[0];
    const stories = site ? await deps.stories.listBySite(site.id, 30) : [];
    const body = html`<h1 class="visually-hidden">Latest stories</h1>
<ul class="story-list">${stories.map(
      (s) => html`<li class="story-card">${s.image.url ? html`<img src="${s.image.url}" alt="" width="320" height="168" loading="lazy">` : ''}
<div><h2><a href="/stories/${s.id}">${s.title}</a></h2><p class="excerpt">${s.body.split('\n')[0]?.slice(0, 220) ?? ''}</p>
<p class="meta">${formatDate(s.publishedAt)} · <a href="/stories/${s.id}#comments">${s.commentCount} ${s.commentCount === 1 ? 'comment' : 'comments'}</a></p></div></li>`,
    )}</ul>${stories.length === 0 ? html`<p class="empty">No stories yet. Import one with <code>npx agora import page FILE</code>.</p>` : ''}`;
    return reply.type('text/html; charset=utf-8').send(layout({ title: site?.name ?? 'Agora', siteName: site?.name ?? 'Agora', body }));
  });

  app.get(
    '/stories/:storyId',
    {
      schema: {
        hide: true,
        params: Type.Object({ storyId: Type.String({ maxLength: 64 }) }),
        querystring: Type.Object({
          sort: Type.Optional(Type.Union(THREAD_SORTS.map((s) => Type.Literal(s)))),
          cursor: Type.Optional(Type.String({ maxLength: 512 })),
        }),
      },
    },
    async (req, reply) => {
      const story = await deps.stories.get(req.params.storyId);
      const site = await deps.sites.get(story.siteId);
      const sort = req.query.sort ?? 'newest';
      const page = await deps.threads.storyThread(story.id, { sort, ...(req.query.cursor ? { cursor: req.query.cursor } : {}) });
      const body = html`<article class="story">${storyHeader(story)}<div class="story__body">${paragraphs(story.body)}</div></article>
<section id="comments" class="comments" aria-labelledby="comments-title">
<div id="agora-thread">
<h2 id="comments-title">${story.commentCount} ${story.commentCount === 1 ? 'comment' : 'comments'}</h2>
<nav class="sorts" aria-label="Sort comments">${THREAD_SORTS.map((s) =>
        s === sort ? html`<strong aria-current="true">${SORT_LABELS[s]}</strong>` : html`<a href="/stories/${story.id}?sort=${s}#comments">${SORT_LABELS[s]}</a>`,
      )}</nav>
${story.closed ? html`<p class="closed">Comments are closed on this story.</p>` : ''}
${renderThread(page.comments, story.id)}
${page.nextCursor ? html`<a class="more" href="/stories/${story.id}?sort=${sort}&amp;cursor=${encodeURIComponent(page.nextCursor)}#comments">More comments</a>` : ''}
</div>
<script src="/embed.js" data-site="${site.id}" data-identifier="${story.identifier}"${story.url ? html` data-url="${story.url}"` : ''} data-title="${story.title}" async></script>
</section>`;
      return reply
        .type('text/html; charset=utf-8')
        .send(layout({ title: `${story.title} · ${site.name}`, siteName: site.name, body, description: story.body.slice(0, 160), ...(story.url ? { canonical: story.url } : {}) }));
    },
  );

  app.get(
    '/stories/:storyId/comments/:commentId',
    { schema: { hide: true, params: Type.Object({ storyId: Type.String({ maxLength: 64 }), commentId: Type.String({ maxLength: 64 }) }) } },
    async (req, reply) => {
      const story = await deps.stories.get(req.params.storyId);
      const site = await deps.sites.get(story.siteId);
      const { comment, ancestors } = await deps.threads.withAncestors(req.params.commentId);
      if (comment.storyId !== story.id) throw new AppError('COMMENT_NOT_FOUND', 'no such comment in this story');
      const body = html`<p><a href="/stories/${story.id}">← ${story.title}</a></p>
<section class="comments permalink"><h1>Comment by ${comment.author.name || '[deleted]'}</h1>
${ancestors.length ? html`<ol class="ancestors">${ancestors.map((a) => html`<li><span class="comment__author">${a.author.name || '[deleted]'}</span>: <span class="excerpt">${htmlToText(a.html).slice(0, 140)}</span></li>`)}</ol>` : ''}
<ul class="thread">${renderComment(comment, story.id)}</ul>
<p><a href="/stories/${story.id}#comments">All comments</a></p></section>`;
      return reply.type('text/html; charset=utf-8').send(layout({ title: `Comment on ${story.title}`, siteName: site.name, body }));
    },
  );
};
