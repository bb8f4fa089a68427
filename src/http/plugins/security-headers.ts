import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Headers on every response. Pages get a Content-Security-Policy that allows no inline script and no other
 * origins, so even markup that slipped through escaping could not run script.
 */
export const securityHeadersPlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('onSend', async (request, reply, payload) => {
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'strict-origin-when-cross-origin');
      const type = String(reply.getHeader('content-type') ?? '');
      if (type.startsWith('text/html') && !request.url.startsWith('/api/docs')) {
        reply.header(
          'content-security-policy',
          "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; object-src 'none'; base-uri 'none'; frame-ancestors 'self'; form-action 'self'",
        );
        reply.header('x-frame-options', 'SAMEORIGIN');
      } else if (!reply.hasHeader('content-security-policy')) {
        // Scripts, styles, JSON and feeds are never documents: should one be opened as a page (a JSON answer
        // echoing input, a feed), nothing in it may run or load.
        reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
      }
      return payload;
    });
  },
  { name: 'agora-security-headers' },
);
