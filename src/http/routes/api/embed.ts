import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../../deps.js';
import { THREAD_SORTS } from '../../../modules/comments/comment.repository.js';
import { ThreadPage } from '../../schemas/comments.js';
import { errorResponses, Id } from '../../schemas/common.js';
import { Story, ResolveStoryBody } from '../../schemas/stories.js';
import { presentStory } from './stories.js';

const EmbedSettings = Type.Object({
  reactionLabel: Type.String(),
  maxCommentLength: Type.Integer(),
  editWindowSeconds: Type.Integer(),
  premoderation: Type.String(),
  commenters: Type.String({ description: 'guests, users or both' }),
});

/**
 * Everything the widget needs for its first paint in one request: the story (resolved or created as
 * /stories/resolve does), the site's reader-facing settings and the first page of the thread.
 */
export const embedApiRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.post(
    '/sites/:siteId/embed',
    {
      schema: {
        tags: ['stories'],
        summary: "The widget's first load: story, site settings and the first thread page",
        params: Type.Object({ siteId: Id }),
        body: Type.Object(
          {
            ...ResolveStoryBody.properties,
            sort: Type.Optional(Type.Union(THREAD_SORTS.map((s) => Type.Literal(s)))),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
            replies: Type.Optional(Type.Integer({ minimum: 0, maximum: 20 })),
            depth: Type.Optional(Type.Integer({ minimum: 0, maximum: 5 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            story: Story,
            settings: EmbedSettings,
            page: ThreadPage,
            livePosition: Type.Optional(
              Type.String({
                description:
                  "The story's live position when the page was read: open the event stream with ?lastEventId= set to it to " +
                  'receive every change after this read. Absent when the live bus cannot be reached.',
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const { sort, limit, replies, depth, ...ref } = req.body;
      const site = await deps.sites.get(req.params.siteId);
      const { story } = await deps.stories.resolve({ siteId: site.id, ...ref });
      // Read before the thread: whatever is published after it is in the page, or replayed from this position.
      let livePosition: string | undefined;
      try {
        livePosition = await deps.bus.position(story.id);
      } catch {
        // The live bus is away: the page is still served; the widget's stream then starts from its own opening.
      }
      const page = await deps.threads.storyThread(story.id, {
        ...(sort ? { sort } : {}),
        ...(limit ? { limit } : {}),
        ...(replies !== undefined ? { repliesPerComment: replies } : {}),
        ...(depth !== undefined ? { replyDepth: depth } : {}),
      });
      const s = site.settings;
      return {
        story: presentStory(story),
        settings: { reactionLabel: s.reactionLabel ?? '', maxCommentLength: s.maxCommentLength, editWindowSeconds: s.editWindowSeconds, premoderation: s.premoderation, commenters: s.commenters ?? 'both' },
        page,
        ...(livePosition !== undefined ? { livePosition } : {}),
      };
    },
  );
};
