import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../../deps.js';
import { resolveVoterKey } from '../../../modules/reactions/voter.js';
import { REPORT_REASONS } from '../../../modules/reports/report.table.js';
import type { ReportService } from '../../../modules/reports/report.service.js';
import { errorResponses, Id } from '../../schemas/common.js';

export const reportRoutes: FastifyPluginAsyncTypebox<{ deps: Deps; reports: ReportService }> = async (app, { deps, reports }) => {
  app.post(
    '/comments/:commentId/reports',
    {
      schema: {
        tags: ['comments'],
        summary: 'Report a comment to the moderators (once per reader)',
        params: Type.Object({ commentId: Id }),
        headers: Type.Object({
          'x-agora-voter': Type.Optional(Type.String({ maxLength: 128 })),
          authorization: Type.Optional(Type.String({ maxLength: 4096 })),
        }),
        body: Type.Object(
          {
            reason: Type.Union(REPORT_REASONS.map((r) => Type.Literal(r))),
            note: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ report: Type.Object({ id: Type.String(), commentId: Type.String(), reason: Type.String(), createdAt: Type.String({ format: 'date-time' }) }) }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const reporterKey = await resolveVoterKey(deps.store.db, deps.clock(), req.headers);
      const r = await reports.report({ commentId: req.params.commentId, reporterKey, reason: req.body.reason, note: req.body.note ?? null });
      return reply.status(201).send({ report: { id: r.id, commentId: r.commentId, reason: r.reason, createdAt: new Date(r.createdAt).toISOString() } });
    },
  );
};
