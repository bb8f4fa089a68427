import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { html } from '../../lib/html.js';
import type { NotificationService } from '../../notifications/notification.service.js';

const page = (title: string, body: ReturnType<typeof html>) =>
  html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`.value;

/**
 * One-click unsubscribe (RFC 8058): mail clients POST to the List-Unsubscribe URL. A GET only shows a button,
 * because mail scanners open links without anyone asking to unsubscribe.
 */
export const unsubscribeRoutes: FastifyPluginAsyncTypebox<{ notifications: NotificationService }> = async (app, { notifications }) => {
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  }
  const Query = Type.Object({ token: Type.String({ minLength: 10, maxLength: 2000 }) });

  app.get('/email/unsubscribe', { schema: { hide: true, querystring: Query } }, async (req, reply) => {
    reply.type('text/html; charset=utf-8');
    if (!(await notifications.checkToken(req.query.token))) {
      return reply.code(400).send(page('This link is not valid', html`<p>The unsubscribe link is damaged or not from this site.</p>`));
    }
    return page(
      'Stop reply emails?',
      html`<form method="post" action="/email/unsubscribe?token=${req.query.token}"><button type="submit">Stop emails about replies</button></form>`,
    );
  });

  app.post('/email/unsubscribe', { schema: { hide: true, querystring: Query } }, async (req, reply) => {
    reply.type('text/html; charset=utf-8');
    if (!(await notifications.unsubscribe(req.query.token))) {
      return reply.code(400).send(page('This link is not valid', html`<p>The unsubscribe link is damaged or not from this site.</p>`));
    }
    return page('Unsubscribed', html`<p>You will get no more emails about replies from this site.</p>`);
  });
};
