import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { preHandlerHookHandler } from 'fastify';
import { Type } from 'typebox';
import { WEBHOOK_EVENTS, type Webhook, type WebhookService } from '../../../webhooks/webhook.service.js';
import { errorResponses, Id } from '../../schemas/common.js';
import { SiteIdField } from '../../schemas/users.js';

const Delivery = Type.Object({
  id: Type.String(),
  eventId: Type.String(),
  eventType: Type.String(),
  attempt: Type.Integer(),
  statusCode: Type.Union([Type.Integer(), Type.Null()]),
  durationMs: Type.Integer(),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});

const EventName = Type.Unsafe<(typeof WEBHOOK_EVENTS)[number]>(Type.String({ enum: [...WEBHOOK_EVENTS] }));

/** No secret here: it is shown once, in the answer to the creation. */
const WebhookBody = Type.Object({
  id: Type.String(),
  url: Type.String(),
  events: Type.Array(Type.String()),
  active: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});

const presentWebhook = (w: Webhook) => ({ id: w.id, url: w.url, events: [...w.events], active: w.active, createdAt: new Date(w.createdAt).toISOString() });

const SiteParams = Type.Object({ siteId: SiteIdField });
const HookParams = Type.Object({ siteId: SiteIdField, id: Id });

export interface WebhookRouteOptions {
  webhooks: WebhookService;
  /**
   * AUTHORIZATION HOOK — must allow only administrators of :siteId (and answer 404 for an unknown site). Required,
   * with no default, so the routes can never be mounted open.
   */
  authorize: preHandlerHookHandler;
}

/** Admin API for a site's webhooks: list, create (the secret shown once), disable, and each one's delivery log. */
export const webhookRoutes: FastifyPluginAsyncTypebox<WebhookRouteOptions> = async (app, { webhooks, authorize }) => {
  const tags = ['webhooks'];

  app.get(
    '/sites/:siteId/webhooks',
    {
      preHandler: authorize,
      schema: { tags, summary: "The site's webhooks, disabled ones included", params: SiteParams, response: { 200: Type.Object({ webhooks: Type.Array(WebhookBody) }), ...errorResponses } },
    },
    async (req) => ({ webhooks: (await webhooks.list(req.params.siteId)).map(presentWebhook) }),
  );

  app.post(
    '/sites/:siteId/webhooks',
    {
      preHandler: authorize,
      schema: {
        tags,
        summary: 'Register a webhook; the answer carries its signing secret, which is never shown again',
        params: SiteParams,
        body: Type.Object(
          {
            url: Type.String({ minLength: 1, maxLength: 2000 }),
            events: Type.Array(EventName, { minItems: 1, maxItems: WEBHOOK_EVENTS.length, uniqueItems: true }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ webhook: WebhookBody, secret: Type.String() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { webhook, secret } = await webhooks.create({ siteId: req.params.siteId, url: req.body.url, events: req.body.events });
      return reply.status(201).send({ webhook: presentWebhook(webhook), secret });
    },
  );

  app.delete(
    '/sites/:siteId/webhooks/:id',
    {
      preHandler: authorize,
      schema: {
        tags,
        summary: 'Disable a webhook: nothing more is sent to it (queued deliveries included); its delivery log stays',
        params: HookParams,
        response: { 200: Type.Object({ webhook: WebhookBody }), ...errorResponses },
      },
    },
    async (req) => ({ webhook: presentWebhook(await webhooks.disable(req.params.siteId, req.params.id)) }),
  );

  app.get(
    '/sites/:siteId/webhooks/:id/deliveries',
    {
      preHandler: authorize,
      schema: {
        tags,
        summary: "A webhook's delivery attempts, newest first",
        params: Type.Object({ siteId: Type.String({ maxLength: 64 }), id: Type.String({ maxLength: 64 }) }),
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) }),
        response: { 200: Type.Object({ deliveries: Type.Array(Delivery) }), ...errorResponses },
      },
    },
    async (req) => ({ deliveries: await webhooks.deliveries(req.params.siteId, req.params.id, { limit: req.query.limit ?? 50 }) }),
  );
};
