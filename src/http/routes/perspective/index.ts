/**
 * POST /v1alpha1/comments:analyze — a drop-in for Google Perspective (shut down end of 2026), answered by Agora's
 * own model. Clients keep their code: the same body, the same response, the same error shape.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Scorer } from '../../../moderation/model/scorer.js';
import { analyze } from './analyze.js';
import { AnalyzeBody, AnalyzeQuery, AnalyzeResponse, ErrorResponse } from './schemas.js';

export interface PerspectiveOptions {
  scorer: Scorer;
}

function statusName(code: number): string {
  if (code === 400 || code === 413 || code === 415) return 'INVALID_ARGUMENT';
  if (code === 404) return 'NOT_FOUND';
  if (code === 429) return 'RESOURCE_EXHAUSTED';
  return 'INTERNAL';
}

export default async function perspectiveRoutes(app: FastifyInstance, opts: PerspectiveOptions): Promise<void> {
  // Encapsulated to this plugin: validation, JSON parse and our own errors all leave in Perspective's error shape.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error }, 'perspective analyze failed');
    const message = status === 500 ? 'Internal error.' : error.validation ? `Invalid request: ${error.message}` : error.message;
    const body: ErrorResponse = { error: { code: status, message, status: statusName(status) } };
    return reply.status(status).send(body);
  });

  app.post<{ Body: AnalyzeBody }>(
    '/v1alpha1/comments::analyze',
    {
      schema: {
        querystring: AnalyzeQuery,
        body: AnalyzeBody,
        response: { 200: AnalyzeResponse, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
    },
    async (request) => analyze(opts.scorer, request.body),
  );
}
