import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Deps } from '../../../deps.js';
import { AppError } from '../../../errors.js';
import { DEFAULT_RATE_LIMITS } from '../../../modules/sites/site.settings.js';
import type { User } from '../../../modules/users/user.model.js';
import { presentUser } from '../../../modules/users/user.presenter.js';
import { clearSessionCookie, enforceRateLimits, requireUser, setSessionCookie } from '../../plugins/auth.js';
import { Accepted, authErrorResponses, Email, Password, SignedIn, SiteIdField, Token } from '../../schemas/users.js';

const MINUTE = 60_000;

/**
 * Starts a session for a user who just proved who they are. With a siteId the caller is a site's widget: it gets
 * a bearer token scoped to that site (third-party cookies are blocked there). Without, a cookie for Agora's pages.
 */
export async function startSession(deps: Deps, reply: FastifyReply, user: User, siteId?: string) {
  if (user.bannedAt !== null) throw new AppError('USER_BANNED', 'this account is banned');
  const view = presentUser(user, (await deps.users.memberships(user.id)).values());
  if (siteId) {
    await deps.sites.get(siteId);
    const s = await deps.sessions.create(user.id, 'bearer', siteId);
    return { user: view, token: s.token, expiresAt: new Date(s.expiresAt).toISOString() };
  }
  const s = await deps.sessions.create(user.id, 'cookie');
  setSessionCookie(reply, s.token, deps.config.publicUrl);
  return { user: view };
}

/** Sign-in and sign-up limits per IP, from the site's settings when the request names one. */
export async function limitAuth(deps: Deps, req: FastifyRequest, reply: FastifyReply, kind: 'signin' | 'signup', opts: { siteId?: string | undefined; email?: string }) {
  const limits = opts.siteId ? (await deps.sites.get(opts.siteId)).settings.rateLimits : DEFAULT_RATE_LIMITS;
  const perIp = kind === 'signin' ? { limit: limits.signInsPer15MinPerIp, windowMs: 15 * MINUTE } : { limit: limits.signUpsPerHourPerIp, windowMs: 60 * MINUTE };
  await enforceRateLimits(deps, reply, [
    { key: `${kind}:ip:${req.ip}`, ...perIp },
    // Per account too, so guessing one password from many addresses is slow as well.
    ...(opts.email ? [{ key: `${kind}:email:${opts.email.trim().toLowerCase()}`, limit: perIp.limit, windowMs: perIp.windowMs }] : []),
  ]);
}

export const authRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const tags = ['auth'];

  app.post(
    '/auth/signup',
    {
      schema: {
        tags,
        summary: 'Create an account with email and password; a verification link is mailed',
        body: Type.Object({ email: Email, password: Password, displayName: Type.String({ minLength: 1, maxLength: 200 }), siteId: Type.Optional(SiteIdField) }, { additionalProperties: false }),
        response: { 201: SignedIn, ...authErrorResponses },
      },
    },
    async (req, reply) => {
      await limitAuth(deps, req, reply, 'signup', { siteId: req.body.siteId });
      const user = await deps.auth.signUp(req.body);
      return reply.status(201).send(await startSession(deps, reply, user, req.body.siteId));
    },
  );

  app.post(
    '/auth/signin',
    {
      schema: {
        tags,
        summary: 'Sign in with email and password (cookie session, or a bearer token with siteId)',
        body: Type.Object({ email: Email, password: Password, siteId: Type.Optional(SiteIdField) }, { additionalProperties: false }),
        response: { 200: SignedIn, ...authErrorResponses },
      },
    },
    async (req, reply) => {
      await limitAuth(deps, req, reply, 'signin', { siteId: req.body.siteId, email: req.body.email });
      const user = await deps.auth.signInWithPassword(req.body.email, req.body.password);
      return startSession(deps, reply, user, req.body.siteId);
    },
  );

  app.post(
    '/auth/signout',
    { schema: { tags, summary: 'End this session (its token stops working at once)', response: { 200: Accepted, ...authErrorResponses } } },
    async (req, reply) => {
      if (req.sessionToken) await deps.sessions.revoke(req.sessionToken);
      clearSessionCookie(reply);
      return { ok: true as const };
    },
  );

  app.post(
    '/auth/magic-link',
    {
      schema: {
        tags,
        summary: 'Mail a one-time sign-in link (answers the same whether or not the address has an account)',
        body: Type.Object({ email: Email, next: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }),
        response: { 202: Accepted, ...authErrorResponses },
      },
    },
    async (req, reply) => {
      await limitAuth(deps, req, reply, 'signin', { email: req.body.email });
      await deps.auth.requestMagicLink(req.body.email, req.body.next);
      return reply.status(202).send({ ok: true as const });
    },
  );

  app.post(
    '/auth/magic-link/redeem',
    {
      schema: {
        tags,
        summary: 'Use a magic-link token (once)',
        body: Type.Object({ token: Token, siteId: Type.Optional(SiteIdField) }, { additionalProperties: false }),
        response: { 200: SignedIn, ...authErrorResponses },
      },
    },
    async (req, reply) => {
      const { user } = await deps.auth.redeemMagicLink(req.body.token);
      return startSession(deps, reply, user, req.body.siteId);
    },
  );

  app.post(
    '/auth/verify',
    { schema: { tags, summary: 'Confirm an email address with the mailed token', body: Type.Object({ token: Token }, { additionalProperties: false }), response: { 200: Type.Object({ user: SignedIn.properties.user }), ...authErrorResponses } } },
    async (req) => {
      const user = await deps.auth.verify(req.body.token);
      return { user: presentUser(user, (await deps.users.memberships(user.id)).values()) };
    },
  );

  app.post(
    '/auth/verify/resend',
    { schema: { tags, summary: 'Mail a new verification link to the signed-in user', response: { 202: Accepted, ...authErrorResponses } } },
    async (req, reply) => {
      const actor = requireUser(req);
      await enforceRateLimits(deps, reply, [{ key: `verify:user:${actor.user.id}`, limit: 5, windowMs: 60 * MINUTE }]);
      if (actor.user.email && !actor.user.emailVerified) await deps.auth.sendVerification(actor.user.id, actor.user.email);
      return reply.status(202).send({ ok: true as const });
    },
  );

  app.post(
    '/auth/password-reset',
    { schema: { tags, summary: 'Mail a password-reset link', body: Type.Object({ email: Email }, { additionalProperties: false }), response: { 202: Accepted, ...authErrorResponses } } },
    async (req, reply) => {
      await limitAuth(deps, req, reply, 'signin', { email: req.body.email });
      await deps.auth.requestPasswordReset(req.body.email);
      return reply.status(202).send({ ok: true as const });
    },
  );

  app.post(
    '/auth/password-reset/complete',
    {
      schema: { tags, summary: 'Set a new password with the mailed token; signs out every session', body: Type.Object({ token: Token, password: Password }, { additionalProperties: false }), response: { 200: Accepted, ...authErrorResponses } },
    },
    async (req) => {
      await deps.auth.resetPassword(req.body.token, req.body.password);
      return { ok: true as const };
    },
  );

  app.post(
    '/auth/sso',
    {
      schema: {
        tags,
        summary: "Exchange a site's signed SSO token (JWT) for an Agora bearer token scoped to that site",
        body: Type.Object({ siteId: SiteIdField, token: Token }, { additionalProperties: false }),
        response: { 200: SignedIn, ...authErrorResponses },
      },
    },
    async (req, reply) => {
      await limitAuth(deps, req, reply, 'signin', { siteId: req.body.siteId });
      const user = await deps.siteAuth.exchange(req.body.siteId, req.body.token);
      return startSession(deps, reply, user, req.body.siteId);
    },
  );
};
