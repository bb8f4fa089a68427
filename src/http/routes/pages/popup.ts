import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../../deps.js';
import { AppError } from '../../../errors.js';
import { html } from '../../../lib/html.js';
import { normalizeOrigin, type Site } from '../../../modules/sites/site.service.js';
import { setSessionCookie } from '../../plugins/auth.js';
import { page, signInForm } from './account.html.js';

const PopupQuery = Type.Object({
  site: Type.String({ minLength: 1, maxLength: 64 }),
  origin: Type.String({ minLength: 1, maxLength: 300 }),
  nonce: Type.String({ minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' }),
});

/** The opener must be a page on one of the site's origins: the token is posted to exactly that origin. */
async function checkOpener(deps: Deps, siteId: string, origin: string): Promise<{ site: Site; origin: string }> {
  const site = await deps.sites.get(siteId);
  const normalized = normalizeOrigin(origin);
  if (!site.origins.includes(normalized)) throw new AppError('ORIGIN_NOT_ALLOWED', `${normalized} is not one of ${site.name}'s origins`);
  return { site, origin: normalized };
}

/**
 * Sign-in for the widget on a news site, where Agora's cookies are third-party and blocked. The widget opens this
 * page in a popup: a first-party window on Agora's origin, so the cookie session works here. Once the reader
 * confirms, the page mints a bearer token scoped to that site and posts it to window.opener with targetOrigin set
 * to the site's verified origin (public/auth-popup.js); the widget then sends `Authorization: Bearer`.
 */
export const popupRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.get('/auth/popup', { schema: { hide: true, querystring: PopupQuery } }, async (req, reply) => {
    const { site, origin } = await checkOpener(deps, req.query.site, req.query.origin);
    const self = `/auth/popup?site=${encodeURIComponent(site.id)}&origin=${encodeURIComponent(origin)}&nonce=${encodeURIComponent(req.query.nonce)}`;
    if (req.actor.kind !== 'user' || req.authVia !== 'cookie') {
      const oidc = await deps.siteAuth.get(site.id);
      return page(
        reply,
        `Sign in to comment on ${site.name}`,
        html`${signInForm(self)}${oidc.oidcIssuer && oidc.oidcClientId ? html`<p><a class="button" href="/auth/oidc/start?site=${site.id}&amp;next=${encodeURIComponent(self)}">Sign in with ${site.name}</a></p>` : ''}`,
      );
    }
    return page(
      reply,
      `Comment on ${site.name}`,
      html`<p>Continue as <strong>${req.actor.user.displayName}</strong> on ${origin}?</p>
<form method="post" action="/auth/popup"><input type="hidden" name="site" value="${site.id}"><input type="hidden" name="origin" value="${origin}"><input type="hidden" name="nonce" value="${req.query.nonce}">
<p><button type="submit">Continue</button></p></form>
<p><a href="/auth/signin?next=${encodeURIComponent(self)}">Use another account</a></p>`,
    );
  });

  app.post('/auth/popup', { schema: { hide: true, body: PopupQuery } }, async (req, reply) => {
    const { site, origin } = await checkOpener(deps, req.body.site, req.body.origin);
    if (req.actor.kind !== 'user' || req.authVia !== 'cookie') throw new AppError('UNAUTHENTICATED', 'sign in first');
    if (req.actor.user.bannedAt !== null) throw new AppError('USER_BANNED', 'this account is banned');
    const s = await deps.sessions.create(req.actor.user.id, 'bearer', site.id);
    return page(
      reply,
      'Signed in',
      html`<div id="agora-handoff" data-origin="${origin}" data-token="${s.token}" data-expires-at="${new Date(s.expiresAt).toISOString()}" data-nonce="${req.body.nonce}" data-user-id="${req.actor.user.id}" data-user-name="${req.actor.user.displayName}"></div>
<p>You are signed in to comment on ${site.name}. This window closes by itself; if it does not, close it.</p>
<script src="/assets/auth-popup.js"></script>`,
    );
  });

  // OpenID Connect: Agora is the relying party; the provider sends the browser back to the callback.
  app.get('/auth/oidc/start', { schema: { hide: true, querystring: Type.Object({ site: Type.String({ minLength: 1, maxLength: 64 }), next: Type.Optional(Type.String({ maxLength: 1000 })) }) } }, async (req, reply) =>
    reply.redirect(await deps.oidc.start(req.query.site, req.query.next), 302),
  );
  app.get('/auth/oidc/callback', { schema: { hide: true } }, async (req, reply) => {
    const { user, next } = await deps.oidc.callback(new URL(req.url, deps.config.publicUrl));
    if (user.bannedAt !== null) throw new AppError('USER_BANNED', 'this account is banned');
    const s = await deps.sessions.create(user.id, 'cookie');
    setSessionCookie(reply, s.token, deps.config.publicUrl);
    return reply.redirect(next ?? '/auth/account', 303);
  });

  // First run: the operator follows the link printed by `npm start` and creates the admin.
  const SetupForm = Type.Object({ token: Type.String({ maxLength: 200 }), displayName: Type.String({ maxLength: 200 }), email: Type.String({ maxLength: 254 }), password: Type.String({ maxLength: 512 }) });
  app.get('/setup', { schema: { hide: true, querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) }) } }, async (req, reply) => {
    if ((await deps.users.countAdmins()) > 0) throw new AppError('SETUP_COMPLETE', 'Agora is set up already: sign in instead');
    return page(
      reply,
      'Set up Agora',
      html`<p>Create the administrator account.</p><form method="post" action="/setup"><input type="hidden" name="token" value="${req.query.token ?? ''}">
<p><label>Display name<br><input name="displayName" required></label></p><p><label>Email<br><input name="email" type="email" required></label></p>
<p><label>Password (10 characters or more)<br><input name="password" type="password" minlength="10" required></label></p><p><button type="submit">Create admin</button></p></form>`,
    );
  });
  app.post('/setup', { schema: { hide: true, body: SetupForm } }, async (req, reply) => {
    const { token, ...input } = req.body;
    const user = await deps.auth.completeSetup(token, input);
    const s = await deps.sessions.create(user.id, 'cookie');
    setSessionCookie(reply, s.token, deps.config.publicUrl);
    return reply.redirect('/auth/account', 303);
  });
};
