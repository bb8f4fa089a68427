import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../../deps.js';
import { AppError } from '../../../errors.js';
import type { Story } from '../../../modules/stories/story.service.js';
import { errorResponses, Id } from '../../schemas/common.js';
import { ResolveStoryBody, Story as StorySchema, StoryList } from '../../schemas/stories.js';

export function presentStory(s: Story) {
  return {
    id: s.id,
    siteId: s.siteId,
    identifier: s.identifier,
    url: s.url,
    title: s.title,
    image: s.image,
    publishedAt: s.publishedAt === null ? null : new Date(s.publishedAt).toISOString(),
    closed: s.closed,
    commentCount: s.commentCount,
  };
}

function decodeStoryCursor(cursor: string): { publishedAt: number; id: string } {
  const [t, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const publishedAt = Number(t);
  if (!id || !Number.isFinite(publishedAt)) throw new AppError('BAD_CURSOR', 'cursor is not one this server issued');
  return { publishedAt, id };
}

export const storyRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/sites/:siteId/stories',
    {
      schema: {
        tags: ['stories'],
        summary: "A site's stories, newest first",
        params: Type.Object({ siteId: Id }),
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
          cursor: Type.Optional(Type.String({ maxLength: 256 })),
        }),
        response: { 200: StoryList, ...errorResponses },
      },
    },
    async (req) => {
      await deps.sites.get(req.params.siteId);
      const limit = req.query.limit ?? 20;
      const stories = await deps.stories.listBySite(req.params.siteId, limit + 1, req.query.cursor ? decodeStoryCursor(req.query.cursor) : undefined);
      const page = stories.slice(0, limit);
      const last = page.at(-1);
      return {
        stories: page.map(presentStory),
        nextCursor: stories.length > limit && last ? Buffer.from(`${last.publishedAt}|${last.id}`).toString('base64url') : null,
      };
    },
  );

  app.post(
    '/sites/:siteId/stories/resolve',
    {
      schema: {
        tags: ['stories'],
        summary: 'Find the story an embed points at by url or identifier, creating it on first sight',
        description: 'A new story is created only for a url on one of the site origins. 201 when created.',
        params: Type.Object({ siteId: Id }),
        body: ResolveStoryBody,
        response: { 200: Type.Object({ story: StorySchema }), 201: Type.Object({ story: StorySchema }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { story, created } = await deps.stories.resolve({ siteId: req.params.siteId, ...req.body });
      return reply.status(created ? 201 : 200).send({ story: presentStory(story) });
    },
  );

  app.get(
    '/stories/:storyId',
    {
      schema: {
        tags: ['stories'],
        summary: 'One story',
        params: Type.Object({ storyId: Id }),
        response: { 200: Type.Object({ story: StorySchema }), ...errorResponses },
      },
    },
    async (req) => ({ story: presentStory(await deps.stories.get(req.params.storyId)) }),
  );
};
