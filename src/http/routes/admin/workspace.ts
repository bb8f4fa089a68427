import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../../deps.js';
import { authErrorResponses, StandingBody } from '../../schemas/users.js';
import { moderatedSite } from './queue.js';
import { AuthorHistory, Dashboard, ItemPage, Settings, SettingsPatchBody, SiteAuthorParams, SiteParams, StatusField } from './schemas.js';

/** Search, authors (history, notes, standing), site settings and the dashboard. */
export const adminWorkspaceRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const tags = ['admin'];
  const w = deps.moderationWorkspace;

  app.get(
    '/admin/sites/:siteId/search',
    {
      schema: {
        tags,
        summary: "Full-text search over a site's comments, by text, author, status and TOXICITY range",
        params: SiteParams,
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 500 })),
          author: Type.Optional(Type.String({ maxLength: 80 })),
          status: Type.Optional(StatusField),
          minScore: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
          maxScore: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
          cursor: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: { 200: ItemPage, ...authErrorResponses },
      },
    },
    async (req) => {
      await moderatedSite(deps, req.actor, req.params.siteId);
      const q = req.query;
      return w.search.search({
        siteId: req.params.siteId,
        limit: q.limit ?? 25,
        ...(q.q ? { text: q.q } : {}),
        ...(q.author ? { author: q.author } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(q.minScore !== undefined ? { minScore: q.minScore } : {}),
        ...(q.maxScore !== undefined ? { maxScore: q.maxScore } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}),
      });
    },
  );

  app.get(
    '/admin/sites/:siteId/authors/:authorId',
    { schema: { tags, summary: "An author's history, notes and standing", params: SiteAuthorParams, response: { 200: AuthorHistory, ...authErrorResponses } } },
    async (req) => {
      await moderatedSite(deps, req.actor, req.params.siteId);
      return w.notes.history(req.actor, req.params.siteId, req.params.authorId);
    },
  );

  app.post(
    '/admin/sites/:siteId/authors/:authorId/notes',
    {
      schema: {
        tags,
        summary: 'Add a moderator note about an author',
        params: SiteAuthorParams,
        body: Type.Object({ body: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
        response: { 201: Type.Object({ note: AuthorHistory.properties.notes.items }), ...authErrorResponses },
      },
    },
    async (req, reply) => {
      await moderatedSite(deps, req.actor, req.params.siteId);
      return reply.status(201).send({ note: await w.notes.addNote(req.actor, req.params.siteId, req.params.authorId, req.body.body) });
    },
  );

  app.patch(
    '/admin/sites/:siteId/authors/:authorId/standing',
    {
      schema: {
        tags,
        summary: 'Ban, suspend or pre-moderate the account behind an author on this site (accounts only)',
        params: SiteAuthorParams,
        body: StandingBody,
        response: { 200: AuthorHistory, ...authErrorResponses },
      },
    },
    async (req) => {
      await moderatedSite(deps, req.actor, req.params.siteId);
      const b = req.body;
      return w.notes.setStanding(req.actor, req.params.siteId, req.params.authorId, {
        ...(b.banned !== undefined ? { banned: b.banned } : {}),
        ...(b.suspendedUntil !== undefined ? { suspendedUntil: b.suspendedUntil === null ? null : Date.parse(b.suspendedUntil) } : {}),
        ...(b.premoderated !== undefined ? { premoderated: b.premoderated } : {}),
      });
    },
  );

  app.get(
    '/admin/sites/:siteId/settings',
    { schema: { tags, summary: "A site's moderation policy and commenting settings", params: SiteParams, response: { 200: Type.Object({ settings: Settings }), ...authErrorResponses } } },
    async (req) => {
      await moderatedSite(deps, req.actor, req.params.siteId);
      return { settings: await w.settings.get(req.actor, req.params.siteId) };
    },
  );

  app.patch(
    '/admin/sites/:siteId/settings',
    {
      schema: {
        tags,
        summary: "Change a site's moderation policy and commenting settings (admins); every change is audited",
        params: SiteParams,
        body: SettingsPatchBody,
        response: { 200: Type.Object({ settings: Settings }), ...authErrorResponses },
      },
    },
    async (req) => {
      await deps.sites.get(req.params.siteId);
      // CORS reads origins through a short cache (SiteOrigins): a change applies within its TTL.
      return { settings: await w.settings.update(req.actor, req.params.siteId, req.body) };
    },
  );

  app.get(
    '/admin/sites/:siteId/stats',
    {
      schema: {
        tags,
        summary: 'Dashboard figures for the last hours',
        params: SiteParams,
        querystring: Type.Object({ hours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 14, default: 48 })) }),
        response: { 200: Dashboard, ...authErrorResponses },
      },
    },
    async (req) => {
      await moderatedSite(deps, req.actor, req.params.siteId);
      return w.stats.dashboard(req.params.siteId, req.query.hours ?? 48);
    },
  );
};
