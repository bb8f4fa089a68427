import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { preHandlerHookHandler } from 'fastify';
import { Type } from 'typebox';
import type { WebhookService } from '../../../webhooks/webhook.service.js';
import { errorResponses } from '../../schemas/common.js';

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

export interface WebhookRouteOptions {
  webhooks: WebhookService;
  /**
   * AUTHORIZATION HOOK — must allow only administrators of :siteId. Required, with no default, so the route can
   * never be mounted open; the accounts work supplies it (see the report of issue 7).
   */
  authorize: preHandlerHookHandler;
}

/** Admin API for webhooks: the delivery log of one webhook, newest first. */
export const webhookRoutes: FastifyPluginAsyncTypebox<WebhookRouteOptions> = async (app, { webhooks, authorize }) => {
  app.get(
    '/sites/:siteId/webhooks/:id/deliveries',
    {
      preHandler: authorize,
      schema: {
        tags: ['webhooks'],
        summary: "A webhook's delivery attempts, newest first",
        params: Type.Object({ siteId: Type.String({ maxLength: 64 }), id: Type.String({ maxLength: 64 }) }),
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) }),
        response: { 200: Type.Object({ deliveries: Type.Array(Delivery) }), ...errorResponses },
      },
    },
    async (req) => ({ deliveries: await webhooks.deliveries(req.params.siteId, req.params.id, { limit: req.query.limit ?? 50 }) }),
  );
};
