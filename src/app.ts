import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifySchema } from 'fastify';
import type { Deps } from './deps.js';
import { authPlugin } from './http/plugins/auth.js';
import { corsPlugin } from './http/plugins/cors.js';
import { errorsPlugin, frameworkErrors } from './http/plugins/errors.js';
import { httpCachePlugin } from './http/plugins/http-cache.js';
import { metricsPlugin } from './http/plugins/metrics.js';
import { runtimeGauges } from './http/plugins/runtime-gauges.js';
import { securityHeadersPlugin } from './http/plugins/security-headers.js';
import { adminUserRoutes } from './http/routes/api/admin-users.js';
import { authRoutes } from './http/routes/api/auth.js';
import { commentRoutes } from './http/routes/api/comments.js';
import { meRoutes } from './http/routes/api/me.js';
import { accountPageRoutes } from './http/routes/pages/account.js';
import { countRoutes } from './http/routes/api/counts.js';
import { embedApiRoutes } from './http/routes/api/embed.js';
import { eventRoutes } from './http/routes/api/events.js';
import { previewRoutes } from './http/routes/api/preview.js';
import { reactionRoutes } from './http/routes/api/reactions.js';
import { reportRoutes } from './http/routes/api/reports.js';
import { embedRoutes } from './http/routes/embed.js';
import { adminRoutes } from './http/routes/admin/index.js';
import { storyRoutes } from './http/routes/api/stories.js';
import { feedRoutes } from './http/routes/feeds.js';
import { healthRoutes } from './http/routes/health.js';
import { pageRoutes } from './http/routes/pages/index.js';
import perspectiveRoutes from './http/routes/perspective/index.js';
import { ErrorBody } from './http/schemas/common.js';
import { webhookRoutes } from './http/routes/api/webhooks.js';
import { authorize } from './modules/users/policy.js';
import { WebhookService } from './webhooks/webhook.service.js';
import { packageRoot } from './lib/paths.js';
import { logSafeUrl } from './lib/log-safe.js';
import { join } from 'node:path';

export interface AppOptions {
  /** pino logger options, or false for none (tests). */
  logger?: boolean | { level: string };
  /** Where the built widget files are (npm run build:web); dist-web/ beside package.json by default. */
  webDir?: string;
  /** SSE heartbeat period (tests shorten it). */
  sseHeartbeatMs?: number;
  /** Slow-client limits of the listening server (tests shorten them); defaults in SERVER_TIMEOUTS. */
  timeouts?: Partial<typeof SERVER_TIMEOUTS>;
}

/**
 * A client that trickles its headers or body, or holds an idle socket, is cut off instead of holding a connection
 * for ever (Fastify's requestTimeout is 0 by default, which also turns off Node's own limit). The socket timeout
 * stays above the SSE heartbeat, so live streams are never cut.
 */
export const SERVER_TIMEOUTS = {
  /** Whole request (headers and body) must arrive within this. */
  requestMs: 30_000,
  /** Headers must arrive within this. */
  headersMs: 15_000,
  /** A socket with no traffic either way is closed after this. */
  idleMs: 60_000,
  /** An idle keep-alive connection is kept this long (above a load balancer's own idle timeout). */
  keepAliveMs: 72_000,
  /** How often Node checks requestMs and headersMs. */
  checkIntervalMs: 5_000,
};

export interface RouteEntry {
  method: string;
  url: string;
  schema: FastifySchema | undefined;
}
const routeTables = new WeakMap<object, RouteEntry[]>();

/** Every route the app registered (HEAD twins excluded): tests enumerate it, so a new route is covered without a list to update. */
export function routesOf(app: FastifyInstance): RouteEntry[] {
  return routeTables.get(app) ?? [];
}

/** Builds the HTTP app on the given dependencies. Never listens: main.ts does, tests call inject. */
export async function buildApp(deps: Deps, opts: AppOptions = {}): Promise<FastifyInstance> {
  const timeouts = { ...SERVER_TIMEOUTS, ...opts.timeouts };
  const app = Fastify({
    logger:
      opts.logger === false || opts.logger === undefined
        ? false
        : {
            ...(typeof opts.logger === 'object' ? opts.logger : {}),
            // Comment bodies and secrets stay out of logs: only method, url and status are logged.
            redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-edit-key"]'],
            // Links in emails carry their token in the query string: the logged url hides such values.
            serializers: {
              req: (req: { method: string; url: string; ip?: string; id?: string }) => ({ id: req.id, method: req.method, url: logSafeUrl(req.url), remoteAddress: req.ip }),
            },
          },
    bodyLimit: deps.config.bodyLimitBytes,
    trustProxy: deps.config.trustProxy,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
    routerOptions: { maxParamLength: 200 },
    frameworkErrors,
    requestTimeout: timeouts.requestMs,
    connectionTimeout: timeouts.idleMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    http: { headersTimeout: timeouts.headersMs, connectionsCheckingInterval: timeouts.checkIntervalMs },
  }).withTypeProvider<TypeBoxTypeProvider>();
  const routes: RouteEntry[] = [];
  routeTables.set(app, routes);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') routes.push({ method, url: r.url, schema: r.schema });
  });

  app.addSchema(ErrorBody);
  await app.register(errorsPlugin);
  await app.register(securityHeadersPlugin);
  await app.register(metricsPlugin, { deps, gauges: runtimeGauges(deps) });
  await app.register(httpCachePlugin);
  await app.register(corsPlugin, { origins: deps.siteOrigins, publicOrigin: new URL(deps.config.publicUrl).origin });
  await app.register(authPlugin, { deps });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Agora API', version: '1', description: 'Threaded comments and moderation for news sites.' },
      tags: ['stories', 'comments', 'auth', 'me', 'users', 'reactions', 'reports', 'webhooks', 'admin', 'perspective'].map((name) => ({ name })),
    },
  });
  // The docs UI runs its own scripts: it carries swagger-ui's CSP (hashes of its inline code), not the pages' one.
  // upgrade-insecure-requests is dropped, or the UI would break on an install served over plain http.
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true, transformStaticCSP: (h: string) => h.replace(/\s*upgrade-insecure-requests;?/, '') });

  await app.register(healthRoutes, { deps });
  await app.register(
    async (api) => {
      await api.register(storyRoutes, { deps });
      await api.register(commentRoutes, { deps });
      await api.register(authRoutes, { deps });
      await api.register(meRoutes, { deps });
      await api.register(adminUserRoutes, { deps });
      await api.register(countRoutes, { deps });
      await api.register(embedApiRoutes, { deps });
      await api.register(previewRoutes);
      await api.register(reactionRoutes, { deps, reactions: deps.reactions });
      await api.register(reportRoutes, { deps, reports: deps.reports });
      await api.register(webhookRoutes, {
        webhooks: new WebhookService({ db: deps.store.db, clock: deps.clock, ids: deps.ids, queue: deps.jobs }),
        // Delivery logs show receivers' answers: for the site's administrators only. The site is looked up after
        // the check, so nobody else learns which sites exist; a webhook is never created for a missing site.
        authorize: async (req) => {
          const { siteId } = req.params as { siteId: string };
          authorize(req.actor, { action: 'site.configure', siteId });
          await deps.sites.get(siteId);
        },
      });
      await api.register(eventRoutes, { deps, bus: deps.bus, ...(opts.sseHeartbeatMs ? { heartbeatMs: opts.sseHeartbeatMs } : {}) });
    },
    { prefix: '/api/v1' },
  );
  await app.register(perspectiveRoutes, { scorer: deps.scorer });
  await app.register(pageRoutes, { deps });
  await app.register(feedRoutes, { deps });
  await app.register(accountPageRoutes, { deps });
  await app.register(embedRoutes, { webDir: opts.webDir ?? join(packageRoot(), 'dist-web') });
  await app.register(adminRoutes, { deps, webDir: opts.webDir ?? join(packageRoot(), 'dist-web') });
  return app;
}

/**
 * The worker role's HTTP: liveness, readiness and metrics only, so an orchestrator can probe it and Prometheus
 * can read its queue gauges. Never listens itself.
 */
export async function buildWorkerApp(deps: Deps, opts: Pick<AppOptions, 'logger'> = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: opts.logger === undefined ? false : opts.logger });
  await app.register(errorsPlugin);
  await app.register(metricsPlugin, { deps, gauges: runtimeGauges(deps) });
  await app.register(healthRoutes, { deps });
  return app;
}
