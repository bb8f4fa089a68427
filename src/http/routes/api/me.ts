import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../../deps.js';
import { deleteAccount } from '../../../modules/users/account-deletion.js';
import { presentUser } from '../../../modules/users/user.presenter.js';
import { clearSessionCookie, enforceRateLimits, requireUser } from '../../plugins/auth.js';
import { Accepted, authErrorResponses, Email, UserSchema } from '../../schemas/users.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const MyData = Type.Object({
  exportedAt: Type.String(),
  user: UserSchema,
  comments: Type.Array(
    Type.Object({
      id: Type.String(),
      siteId: Type.String(),
      storyId: Type.String(),
      parentId: Nullable(Type.String()),
      status: Type.String(),
      body: Type.String(),
      createdAt: Nullable(Type.String()),
      editedAt: Nullable(Type.String()),
    }),
  ),
});

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The signed-in user's own account and data. */
export const meRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const tags = ['me'];

  app.get('/me', { schema: { tags, summary: 'The signed-in user', response: { 200: Type.Object({ user: UserSchema }), ...authErrorResponses } } }, async (req) => {
    const actor = requireUser(req);
    return { user: presentUser(actor.user, actor.sites.values()) };
  });

  app.patch(
    '/me',
    {
      schema: {
        tags,
        summary: 'Change the display name (shown on all of this account’s comments)',
        body: Type.Object({ displayName: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ user: UserSchema }), ...authErrorResponses },
      },
    },
    async (req) => {
      const actor = requireUser(req);
      const user = await deps.users.setDisplayName(actor.user.id, req.body.displayName);
      return { user: presentUser(user, actor.sites.values()) };
    },
  );

  app.post(
    '/me/email',
    {
      schema: {
        tags,
        summary: 'Change the email address: it takes effect when the link mailed to the new address is followed',
        body: Type.Object({ email: Email }, { additionalProperties: false }),
        response: { 202: Accepted, ...authErrorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireUser(req);
      await enforceRateLimits(deps, reply, [{ key: `email-change:user:${actor.user.id}`, limit: 5, windowMs: 3600_000 }]);
      await deps.auth.requestEmailChange(actor.user.id, req.body.email);
      return reply.status(202).send({ ok: true as const });
    },
  );

  app.get(
    '/me/export',
    { schema: { tags, summary: 'Download everything Agora holds about me: profile, site standing and comments (JSON)', response: { 200: MyData, ...authErrorResponses } } },
    async (req, reply) => {
      const actor = requireUser(req);
      const data = await deps.users.exportData(actor.user.id);
      reply.header('content-disposition', 'attachment; filename="agora-my-data.json"');
      return {
        exportedAt: new Date(deps.clock()).toISOString(),
        user: presentUser(data.user, data.memberships),
        comments: data.comments.map((c) => ({
          id: c.id,
          siteId: c.site_id,
          storyId: c.story_id,
          parentId: c.parent_id,
          status: c.status,
          body: c.body,
          createdAt: iso(Number(c.created_at)),
          editedAt: iso(c.edited_at === null ? null : Number(c.edited_at)),
        })),
      };
    },
  );

  app.delete(
    '/me',
    {
      schema: {
        tags,
        summary: 'Delete my account: comments are anonymized or removed, as each site chooses',
        response: { 200: Type.Object({ removed: Type.Integer(), anonymized: Type.Integer() }), ...authErrorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireUser(req);
      const result = await deleteAccount(deps, actor.user.id);
      clearSessionCookie(reply);
      return result;
    },
  );
};
