import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { renderMarkdown } from '../../../lib/markdown.js';
import { errorResponses } from '../../schemas/common.js';

/** Renders a draft exactly as a posted comment would be, so the preview never disagrees with the result. */
export const previewRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/preview',
    {
      schema: {
        tags: ['comments'],
        summary: 'Render a draft comment body (Markdown subset) to sanitized HTML',
        body: Type.Object({ body: Type.String({ maxLength: 20000 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ html: Type.String() }), ...errorResponses },
      },
    },
    async (req) => ({ html: renderMarkdown(req.body.body.replace(/\r\n?/g, '\n')) }),
  );
};
