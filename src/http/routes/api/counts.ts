import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../../deps.js';
import { errorResponses, Id } from '../../schemas/common.js';

/** Comment counts for a list of stories in one request: what count.js fills into a story list. */
export const countRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/sites/:siteId/counts',
    {
      schema: {
        tags: ['stories'],
        summary: 'Approved-comment counts of many stories, by identifier or URL',
        description: 'Repeat ids (?ids=a&ids=b). Unknown stories count 0.',
        params: Type.Object({ siteId: Id }),
        querystring: Type.Object({ ids: Type.Array(Type.String({ minLength: 1, maxLength: 2048 }), { minItems: 1, maxItems: 100 }) }),
        response: { 200: Type.Object({ counts: Type.Record(Type.String(), Type.Integer()) }), ...errorResponses },
      },
    },
    async (req, reply) => {
      await deps.sites.get(req.params.siteId);
      const counts = await deps.stories.countsByRefs(req.params.siteId, req.query.ids);
      // Counts may be a minute stale: story lists are read far more often than comments are posted.
      reply.header('cache-control', 'public, max-age=60');
      return { counts };
    },
  );
};
