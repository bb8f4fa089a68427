import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../../deps.js';
import { AppError } from '../../../errors.js';
import type { AuditFilter } from '../../../modules/moderation/audit.repository.js';
import { auditCsv, type AuditEntry } from '../../../modules/moderation/audit.service.js';
import type { AuditAction } from '../../../modules/moderation/moderation.table.js';
import { authErrorResponses } from '../../schemas/users.js';
import { moderatedSite } from './queue.js';
import { AuditActionField, AuditEntry as AuditEntrySchema, SiteParams } from './schemas.js';

const FilterQuery = {
  actor: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  action: Type.Optional(AuditActionField),
  commentId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
};

function filterOf(siteId: string, q: { actor?: string; action?: AuditAction; commentId?: string; from?: string; to?: string }): AuditFilter {
  const from = q.from ? Date.parse(q.from) : undefined;
  const to = q.to ? Date.parse(q.to) : undefined;
  if (from !== undefined && to !== undefined && from > to) throw new AppError('VALIDATION', '"from" is after "to"');
  return {
    siteId,
    ...(q.actor ? { actor: q.actor } : {}),
    ...(q.action ? { action: q.action } : {}),
    ...(q.commentId ? { commentId: q.commentId } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
  };
}

/** The audit log: filtered pages, and CSV or JSON downloads of everything a filter matches. */
export const adminAuditRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const tags = ['admin'];
  const audit = deps.moderationWorkspace.audit;

  app.get(
    '/admin/sites/:siteId/audit',
    {
      schema: {
        tags,
        summary: 'The audit log, newest first',
        params: SiteParams,
        querystring: Type.Object({ ...FilterQuery, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })), cursor: Type.Optional(Type.String({ maxLength: 200 })) }),
        response: { 200: Type.Object({ entries: Type.Array(AuditEntrySchema), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...authErrorResponses },
      },
    },
    async (req) => {
      await moderatedSite(deps, req.actor, req.params.siteId);
      return audit.list(filterOf(req.params.siteId, req.query), { limit: req.query.limit ?? 50, ...(req.query.cursor ? { cursor: req.query.cursor } : {}) });
    },
  );

  app.get(
    '/admin/sites/:siteId/audit/export',
    {
      schema: {
        tags,
        summary: 'Download the audit log (CSV or JSON)',
        params: SiteParams,
        querystring: Type.Object({ ...FilterQuery, format: Type.Union([Type.Literal('csv'), Type.Literal('json')]) }),
      },
    },
    async (req, reply) => {
      await moderatedSite(deps, req.actor, req.params.siteId);
      const filter = filterOf(req.params.siteId, req.query);
      const csv = req.query.format === 'csv';
      // Streamed page by page, so a long log never sits in memory whole.
      async function* body(): AsyncGenerator<string> {
        let first = true;
        let batch: AuditEntry[] = [];
        if (!csv) yield '[';
        for await (const e of audit.all(filter)) {
          if (csv) {
            batch.push(e);
            if (batch.length === 500) {
              yield first ? auditCsv(batch) : auditCsv(batch).split('\r\n').slice(1).join('\r\n');
              first = false;
              batch = [];
            }
          } else {
            yield `${first ? '' : ','}\n${JSON.stringify(e)}`;
            first = false;
          }
        }
        if (csv) yield first ? auditCsv(batch) : batch.length ? auditCsv(batch).split('\r\n').slice(1).join('\r\n') : '';
        else yield '\n]\n';
      }
      const name = `audit-${req.params.siteId}-${new Date(deps.clock()).toISOString().slice(0, 10)}.${req.query.format}`;
      return reply
        .header('content-type', csv ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(body()));
    },
  );
};
