import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../../deps.js';
import type { StandingPatch } from '../../../modules/users/user.service.js';
import { authorize } from '../../../modules/users/policy.js';
import { presentMembership, presentUser } from '../../../modules/users/user.presenter.js';
import { Id } from '../../schemas/common.js';
import { authErrorResponses, MembershipSchema, SiteIdField, StandingBody, UserSchema } from '../../schemas/users.js';

function standing(body: { banned?: boolean; suspendedUntil?: string | null; premoderated?: boolean }): StandingPatch {
  return {
    ...(body.banned !== undefined ? { banned: body.banned } : {}),
    ...(body.suspendedUntil !== undefined ? { suspendedUntil: body.suspendedUntil === null ? null : Date.parse(body.suspendedUntil) } : {}),
    ...(body.premoderated !== undefined ? { premoderated: body.premoderated } : {}),
  };
}

/** Roles and bans: per site (moderators and admins) and global (admins). Every change applies to the next request. */
export const adminUserRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const tags = ['users'];
  const SiteUserParams = Type.Object({ siteId: SiteIdField, userId: Id });
  const SiteUserAnswer = Type.Object({ user: Type.Object({ id: Type.String(), displayName: Type.String() }), membership: MembershipSchema });

  app.get(
    '/sites/:siteId/users/:userId',
    { schema: { tags, summary: "A user's role and standing on a site", params: SiteUserParams, response: { 200: SiteUserAnswer, ...authErrorResponses } } },
    async (req) => {
      await deps.sites.get(req.params.siteId);
      authorize(req.actor, { action: 'comment.moderate', siteId: req.params.siteId });
      const user = await deps.users.get(req.params.userId);
      const membership = (await deps.users.membership(req.params.siteId, user.id)) ?? { siteId: req.params.siteId, role: 'commenter' as const, badge: null, bannedAt: null, suspendedUntil: null, premoderated: false };
      return { user: { id: user.id, displayName: user.displayName }, membership: presentMembership(membership) };
    },
  );

  app.patch(
    '/sites/:siteId/users/:userId',
    {
      schema: {
        tags,
        summary: 'Ban, suspend, pre-moderate, badge or change the role of a user on a site',
        params: SiteUserParams,
        body: Type.Object(
          {
            ...StandingBody.properties,
            role: Type.Optional(Type.Union([Type.Literal('moderator'), Type.Literal('staff'), Type.Literal('commenter')])),
            badge: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 200: SiteUserAnswer, ...authErrorResponses },
      },
    },
    async (req) => {
      const { siteId, userId } = req.params;
      await deps.sites.get(siteId);
      const user = await deps.users.get(userId);
      const current = await deps.users.membership(siteId, userId);
      authorize(req.actor, { action: 'member.manage', siteId, target: { user, membership: current }, ...(req.body.role ? { role: req.body.role } : {}) });
      const membership = await deps.users.setMembership(siteId, userId, {
        ...standing(req.body),
        ...(req.body.role ? { role: req.body.role } : {}),
        ...(req.body.badge !== undefined ? { badge: req.body.badge } : {}),
      });
      return { user: { id: user.id, displayName: user.displayName }, membership: presentMembership(membership) };
    },
  );

  app.get(
    '/users/:userId',
    { schema: { tags, summary: 'A user, with their standing on every site (admins)', params: Type.Object({ userId: Id }), response: { 200: Type.Object({ user: UserSchema }), ...authErrorResponses } } },
    async (req) => {
      const user = await deps.users.get(req.params.userId);
      authorize(req.actor, { action: 'user.manage', target: user });
      return { user: presentUser(user, (await deps.users.memberships(user.id)).values()) };
    },
  );

  app.patch(
    '/users/:userId',
    {
      schema: {
        tags,
        summary: 'Global role, ban, suspension or pre-moderation (admins)',
        params: Type.Object({ userId: Id }),
        body: Type.Object({ ...StandingBody.properties, role: Type.Optional(Type.Union([Type.Literal('admin'), Type.Literal('commenter')])) }, { additionalProperties: false }),
        response: { 200: Type.Object({ user: UserSchema }), ...authErrorResponses },
      },
    },
    async (req) => {
      const target = await deps.users.get(req.params.userId);
      authorize(req.actor, { action: 'user.manage', target });
      const user = await deps.users.setGlobal(target.id, { ...standing(req.body), ...(req.body.role ? { role: req.body.role } : {}) });
      // A global ban also ends every session, so the account is signed out everywhere at once.
      if (req.body.banned) await deps.sessions.revokeAll(user.id);
      return { user: presentUser(user, (await deps.users.memberships(user.id)).values()) };
    },
  );

  app.put(
    '/sites/:siteId/auth',
    {
      schema: {
        tags,
        summary: "A site's single sign-on and OpenID Connect settings (admins); secrets are write-only",
        params: Type.Object({ siteId: SiteIdField }),
        body: Type.Object(
          {
            ssoSecret: Type.Optional(Type.Union([Type.String({ minLength: 32, maxLength: 512 }), Type.Null()])),
            ssoJwksUrl: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
            oidcIssuer: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
            oidcClientId: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
            oidcClientSecret: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ sso: Type.Boolean(), jwks: Type.Boolean(), oidc: Type.Boolean() }), ...authErrorResponses },
      },
    },
    async (req) => {
      await deps.sites.get(req.params.siteId);
      authorize(req.actor, { action: 'site.configure', siteId: req.params.siteId });
      const s = await deps.siteAuth.configure(req.params.siteId, req.body);
      return { sso: !!s.ssoSecret, jwks: !!s.ssoJwksUrl, oidc: !!(s.oidcIssuer && s.oidcClientId) };
    },
  );
};
