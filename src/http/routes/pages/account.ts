import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Deps } from '../../../deps.js';
import { AppError } from '../../../errors.js';
import { html } from '../../../lib/html.js';
import { safeNext } from '../../../modules/auth/auth.service.js';
import { clearSessionCookie, setSessionCookie } from '../../plugins/auth.js';
import { limitAuth } from '../api/auth.js';
import { field, hidden, page, problem, signInForm, Str } from './account.html.js';
import { popupRoutes } from './popup.js';

/** Runs a form action; a client error re-renders the form with its message instead of an error page. */
async function attempt(reply: FastifyReply, render: (message: string) => unknown, fn: () => Promise<unknown>): Promise<unknown> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError && err.status < 500 && err.code !== 'RATE_LIMITED' && err.code !== 'CSRF_REJECTED') {
      reply.status(err.status);
      return render(err.message);
    }
    throw err;
  }
}

/** Agora's own sign-in pages: first-party, cookie sessions, no script. Forms pass the origin check in the auth plugin. */
export const accountPageRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  await app.register(formbody);
  const hide = { hide: true };
  const signIn = async (req: FastifyRequest, reply: FastifyReply, userId: string, next: string | undefined) => {
    const s = await deps.sessions.create(userId, 'cookie');
    setSessionCookie(reply, s.token, deps.config.publicUrl);
    if (req.sessionToken) await deps.sessions.revoke(req.sessionToken);
    return reply.redirect(safeNext(next) ?? '/auth/account', 303);
  };

  app.get('/auth/signin', { schema: { ...hide, querystring: Type.Object({ next: Str() }) } }, async (req, reply) =>
    page(reply, 'Sign in', signInForm(safeNext(req.query.next))),
  );

  app.post('/auth/signin', { schema: { ...hide, body: Type.Object({ email: Type.String({ maxLength: 254 }), password: Type.String({ maxLength: 512 }), next: Str() }) } }, async (req, reply) => {
    const next = safeNext(req.body.next);
    await limitAuth(deps, req, reply, 'signin', { email: req.body.email });
    return attempt(reply, (m) => page(reply, 'Sign in', signInForm(next, m), reply.statusCode), async () => {
      const user = await deps.auth.signInWithPassword(req.body.email, req.body.password);
      return signIn(req, reply, user.id, next);
    });
  });

  const signUpForm = (next: string | undefined, message?: string) => html`${problem(message)}
<form method="post" action="/auth/signup">${hidden('next', next)}
${field('Display name', 'displayName', 'text', html`maxlength="80"`)}${field('Email', 'email', 'email', html`autocomplete="username"`)}
${field('Password (10 characters or more)', 'password', 'password', html`minlength="10" autocomplete="new-password"`)}
<p><button type="submit">Create account</button></p></form>`;

  app.get('/auth/signup', { schema: { ...hide, querystring: Type.Object({ next: Str() }) } }, async (req, reply) =>
    page(reply, 'Create an account', signUpForm(safeNext(req.query.next))),
  );

  app.post(
    '/auth/signup',
    { schema: { ...hide, body: Type.Object({ email: Type.String({ maxLength: 254 }), password: Type.String({ maxLength: 512 }), displayName: Type.String({ maxLength: 200 }), next: Str() }) } },
    async (req, reply) => {
      const next = safeNext(req.body.next);
      await limitAuth(deps, req, reply, 'signup', {});
      return attempt(reply, (m) => page(reply, 'Create an account', signUpForm(next, m), reply.statusCode), async () => {
        const user = await deps.auth.signUp(req.body);
        return signIn(req, reply, user.id, next);
      });
    },
  );

  app.post('/auth/magic-link', { schema: { ...hide, body: Type.Object({ email: Type.String({ maxLength: 254 }), next: Str() }) } }, async (req, reply) => {
    await limitAuth(deps, req, reply, 'signin', { email: req.body.email });
    return attempt(reply, (m) => page(reply, 'Sign in', signInForm(safeNext(req.body.next), m), reply.statusCode), async () => {
      await deps.auth.requestMagicLink(req.body.email, req.body.next);
      return page(reply, 'Check your email', html`<p>If ${req.body.email} can sign in here, a link is on its way. It works once, for 15 minutes.</p>`);
    });
  });

  // Links in emails land on a page with a button: mail scanners that fetch links must not use up the token.
  const landing = (path: string, title: string, action: string) =>
    app.get(path, { schema: { ...hide, querystring: Type.Object({ token: Str(200) }) } }, async (req, reply) =>
      page(reply, title, html`<form method="post" action="${path}">${hidden('token', req.query.token)}<p><button type="submit">${action}</button></p></form>`),
    );
  landing('/auth/magic', 'Sign in', 'Sign in');
  landing('/auth/verify', 'Confirm your email', 'Confirm');

  const TokenForm = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });
  app.post('/auth/magic', { schema: { ...hide, body: TokenForm } }, async (req, reply) =>
    attempt(reply, (m) => page(reply, 'Sign in', html`${problem(m)}<p><a href="/auth/signin">Sign in again</a></p>`, reply.statusCode), async () => {
      const { user, next } = await deps.auth.redeemMagicLink(req.body.token);
      return signIn(req, reply, user.id, next);
    }),
  );

  app.post('/auth/verify', { schema: { ...hide, body: TokenForm } }, async (req, reply) =>
    attempt(reply, (m) => page(reply, 'Confirm your email', problem(m), reply.statusCode), async () => {
      const user = await deps.auth.verify(req.body.token);
      return page(reply, 'Email confirmed', html`<p>${user.email ?? ''} is confirmed. <a href="/auth/account">Your account</a></p>`);
    }),
  );

  app.get('/auth/forgot', { schema: hide }, async (_req, reply) =>
    page(reply, 'Reset your password', html`<form method="post" action="/auth/forgot">${field('Email', 'email', 'email')}<p><button type="submit">Email me a reset link</button></p></form>`),
  );
  app.post('/auth/forgot', { schema: { ...hide, body: Type.Object({ email: Type.String({ maxLength: 254 }) }) } }, async (req, reply) => {
    await limitAuth(deps, req, reply, 'signin', { email: req.body.email });
    return attempt(reply, (m) => page(reply, 'Reset your password', problem(m), reply.statusCode), async () => {
      await deps.auth.requestPasswordReset(req.body.email);
      return page(reply, 'Check your email', html`<p>If ${req.body.email} has an account here, a reset link is on its way.</p>`);
    });
  });

  const resetForm = (token: string | undefined, message?: string) =>
    html`${problem(message)}<form method="post" action="/auth/reset">${hidden('token', token)}${field('New password (10 characters or more)', 'password', 'password', html`minlength="10" autocomplete="new-password"`)}<p><button type="submit">Set password</button></p></form>`;
  app.get('/auth/reset', { schema: { ...hide, querystring: Type.Object({ token: Str(200) }) } }, async (req, reply) => page(reply, 'Choose a new password', resetForm(req.query.token)));
  app.post('/auth/reset', { schema: { ...hide, body: Type.Object({ token: Type.String({ maxLength: 200 }), password: Type.String({ maxLength: 512 }) }) } }, async (req, reply) =>
    attempt(reply, (m) => page(reply, 'Choose a new password', resetForm(req.body.token, m), reply.statusCode), async () => {
      const user = await deps.auth.resetPassword(req.body.token, req.body.password);
      return signIn(req, reply, user.id, undefined);
    }),
  );

  app.get('/auth/account', { schema: hide }, async (req, reply) => {
    if (req.actor.kind !== 'user') return reply.redirect('/auth/signin?next=%2Fauth%2Faccount', 303);
    const u = req.actor.user;
    return page(
      reply,
      'Your account',
      html`<p>Signed in as <strong>${u.displayName}</strong>${u.email ? html` (${u.email}${u.emailVerified ? '' : ', not confirmed yet'})` : ''}.</p>
<p><a href="/api/v1/me/export">Download my data</a></p>
<form method="post" action="/auth/signout"><button type="submit">Sign out</button></form>`,
    );
  });

  app.post('/auth/signout', { schema: hide }, async (req, reply) => {
    if (req.sessionToken) await deps.sessions.revoke(req.sessionToken);
    clearSessionCookie(reply);
    return reply.redirect('/auth/signin', 303);
  });

  await app.register(popupRoutes, { deps });
};
