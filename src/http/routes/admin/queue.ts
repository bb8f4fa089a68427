import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../../deps.js';
import { AppError } from '../../../errors.js';
import { can } from '../../../modules/users/policy.js';
import { requireUser } from '../../plugins/auth.js';
import { Id } from '../../schemas/common.js';
import { authErrorResponses } from '../../schemas/users.js';
import { Counts, DecisionAction, Item, ItemPage, QueueName, SiteCommentParams, SiteParams, StatusField } from './schemas.js';

/** Routes check the site first (404), then the permission rule (403); services check again on the comment's own site. */
export async function moderatedSite(deps: Deps, actor: Parameters<typeof can>[0], siteId: string): Promise<void> {
  await deps.sites.get(siteId);
  if (!can(actor, { action: 'comment.moderate', siteId })) {
    throw new AppError(actor.kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN', actor.kind === 'anonymous' ? 'sign in first' : 'moderators of this site only');
  }
}

const STATUS_ACTIONS = new Set(['approve', 'reject']);

/** Queues, counts and decisions of the moderators' workspace. */
export const adminQueueRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const tags = ['admin'];
  const w = deps.moderationWorkspace;

  app.get(
    '/admin/sites',
    {
      schema: {
        tags,
        summary: 'The sites the signed-in user moderates',
        response: {
          200: Type.Object({
            user: Type.Object({ id: Type.String(), displayName: Type.String() }),
            // configure: whether the user administers the site (settings, webhooks); the page shows its admin views by it.
            sites: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), configure: Type.Boolean() })),
          }),
          ...authErrorResponses,
        },
      },
    },
    async (req) => {
      const actor = requireUser(req);
      const sites = (await deps.sites.list()).filter((s) => can(actor, { action: 'comment.moderate', siteId: s.id }));
      return { user: { id: actor.user.id, displayName: actor.user.displayName }, sites: sites.map((s) => ({ id: s.id, name: s.name, configure: can(actor, { action: 'site.configure', siteId: s.id }) })) };
    },
  );

  app.get(
    '/admin/sites/:siteId/counts',
    { schema: { tags, summary: 'How many comments each queue holds', params: SiteParams, querystring: Type.Object({ storyId: Type.Optional(Id) }), response: { 200: Type.Object({ counts: Counts }), ...authErrorResponses } } },
    async (req) => {
      await moderatedSite(deps, req.actor, req.params.siteId);
      return { counts: await w.queue.counts({ siteId: req.params.siteId, ...(req.query.storyId ? { storyId: req.query.storyId } : {}) }) };
    },
  );

  app.get(
    '/admin/sites/:siteId/queues/:queue',
    {
      schema: {
        tags,
        summary: 'A page of a moderation queue, each comment in context',
        params: Type.Object({ siteId: SiteParams.properties.siteId, queue: QueueName }),
        querystring: Type.Object({
          storyId: Type.Optional(Id),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
          cursor: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: { 200: ItemPage, ...authErrorResponses },
      },
    },
    async (req) => {
      await moderatedSite(deps, req.actor, req.params.siteId);
      const q = req.query;
      return w.queue.list({ siteId: req.params.siteId, queue: req.params.queue, limit: q.limit ?? 25, ...(q.storyId ? { storyId: q.storyId } : {}), ...(q.cursor ? { cursor: q.cursor } : {}) });
    },
  );

  app.get(
    '/admin/sites/:siteId/comments/:commentId',
    { schema: { tags, summary: 'One comment in context', params: SiteCommentParams, response: { 200: Type.Object({ item: Item }), ...authErrorResponses } } },
    async (req) => {
      await moderatedSite(deps, req.actor, req.params.siteId);
      return { item: await w.queue.get(req.params.siteId, req.params.commentId) };
    },
  );

  app.post(
    '/admin/sites/:siteId/comments/:commentId/decisions',
    {
      schema: {
        tags,
        summary: 'Approve, reject, feature or pin a comment; expectedStatus is the status the moderator saw (409 if it changed)',
        params: SiteCommentParams,
        body: Type.Object(
          { action: DecisionAction, expectedStatus: Type.Optional(StatusField), reason: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ item: Item }), ...authErrorResponses },
      },
    },
    async (req) => {
      await moderatedSite(deps, req.actor, req.params.siteId);
      const b = req.body;
      if (STATUS_ACTIONS.has(b.action) && !b.expectedStatus) throw new AppError('VALIDATION', `${b.action} needs expectedStatus: the status you saw`);
      const item = await w.decisions.decide(req.actor, {
        siteId: req.params.siteId,
        commentId: req.params.commentId,
        action: b.action,
        ...(b.expectedStatus ? { expectedStatus: b.expectedStatus } : {}),
        reason: b.reason ?? null,
      });
      return { item };
    },
  );

  app.post(
    '/admin/sites/:siteId/comments/:commentId/undo',
    { schema: { tags, summary: 'Undo the latest decision on a comment', params: SiteCommentParams, response: { 200: Type.Object({ item: Item }), ...authErrorResponses } } },
    async (req) => {
      await moderatedSite(deps, req.actor, req.params.siteId);
      return { item: await w.decisions.undo(req.actor, req.params.siteId, req.params.commentId) };
    },
  );

  app.post(
    '/admin/sites/:siteId/decisions',
    {
      schema: {
        tags,
        summary: 'One decision on many comments; each succeeds or fails on its own',
        params: SiteParams,
        body: Type.Object(
          {
            action: DecisionAction,
            items: Type.Array(Type.Object({ commentId: Id, expectedStatus: Type.Optional(StatusField) }, { additionalProperties: false }), { minItems: 1, maxItems: 200 }),
            reason: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            results: Type.Array(
              Type.Object({
                commentId: Type.String(),
                ok: Type.Boolean(),
                item: Type.Optional(Item),
                error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
              }),
            ),
          }),
          ...authErrorResponses,
        },
      },
    },
    async (req) => {
      await moderatedSite(deps, req.actor, req.params.siteId);
      const b = req.body;
      if (STATUS_ACTIONS.has(b.action) && b.items.some((i) => !i.expectedStatus)) throw new AppError('VALIDATION', `${b.action} needs expectedStatus on every item`);
      const items = b.items.map((i) => ({ commentId: i.commentId, ...(i.expectedStatus ? { expectedStatus: i.expectedStatus } : {}) }));
      return { results: await w.decisions.decideMany(req.actor, req.params.siteId, b.action, items, b.reason ?? null) };
    },
  );
};
