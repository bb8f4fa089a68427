import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { SiteOrigins } from '../../modules/sites/site-origins.js';

const ALLOW_METHODS = 'GET, POST, PUT, PATCH, DELETE';
const ALLOW_HEADERS = 'content-type, authorization, x-edit-key, x-agora-voter, last-event-id';
const SCOPED = /^\/api\/v1\/(sites|stories|comments)\/([A-Za-z0-9_-]{1,64})(?:[/?]|$)/;

/**
 * Cross-origin access to the JSON API for the widget embedded on a news site: a request is answered with
 * Access-Control-Allow-Origin only when its Origin is one of the origins of the site the URL concerns (the
 * site named in the path, or the site of the story or comment). No credentials: the widget signs in with a
 * bearer token, never cookies, so a site cannot ride on another site's session.
 */
export const corsPlugin = fp(
  async (app: FastifyInstance, opts: { origins: SiteOrigins; publicOrigin: string }) => {
    async function allowedFor(req: FastifyRequest, origin: string): Promise<boolean> {
      const m = SCOPED.exec(req.url);
      let siteId: string | null = null;
      if (m?.[1] === 'sites') siteId = m[2] ?? null;
      else if (m?.[1] === 'stories') siteId = await opts.origins.siteOfStory(m[2]!);
      else if (m?.[1] === 'comments') siteId = await opts.origins.siteOfComment(m[2]!);
      // An unknown story or comment answers 404 anyway; any site's origin may read that error.
      const allowed = siteId ? await opts.origins.forSite(siteId) : await opts.origins.anySite();
      return allowed.has(origin);
    }

    app.addHook('onRequest', async (req, reply) => {
      if (!req.url.startsWith('/api/')) return;
      const origin = req.headers.origin;
      if (!origin || origin === opts.publicOrigin) return;
      reply.header('vary', 'Origin');
      const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
      if (!(await allowedFor(req, origin))) {
        if (preflight) return reply.status(403).send({ error: { code: 'ORIGIN_NOT_ALLOWED', message: `${origin} may not call this API` } });
        return;
      }
      reply.header('access-control-allow-origin', origin);
      if (preflight) {
        return reply
          .status(204)
          .header('access-control-allow-methods', ALLOW_METHODS)
          .header('access-control-allow-headers', ALLOW_HEADERS)
          .header('access-control-max-age', '600')
          .send();
      }
    });
    // Preflights need a route to land on; the hook above answers them before it runs.
    app.options('/api/*', { schema: { hide: true } }, async (_req, reply) => reply.status(204).send());
  },
  { name: 'agora-cors' },
);
