import etag from '@fastify/etag';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Conditional requests for everything readers fetch: a weak ETag on each GET answer, and 304 when the client
 * (or a CDN) already has it. Public reads say `public, no-cache`: a CDN may keep them but must revalidate every
 * time, so a rejected or deleted comment is never served from an edge; revalidation costs a 304, not the page.
 * Routes that set their own Cache-Control (static files, embed scripts) keep it.
 */
export const httpCachePlugin = fp(
  async (app: FastifyInstance) => {
    await app.register(etag, { weak: true });
    app.addHook('onSend', async (request, reply, payload) => {
      if (request.method !== 'GET' || reply.getHeader('cache-control')) return payload;
      const personal = Boolean(request.headers.authorization || request.headers.cookie);
      reply.header('cache-control', personal || reply.statusCode >= 400 ? 'private, no-store' : 'public, no-cache');
      return payload;
    });
  },
  { name: 'agora-http-cache' },
);
