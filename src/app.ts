import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Deps } from './deps.js';
import { authPlugin } from './http/plugins/auth.js';
import { corsPlugin } from './http/plugins/cors.js';
import { errorsPlugin } from './http/plugins/errors.js';
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
}

/** Builds the HTTP app on the given dependencies. Never listens: main.ts does, tests call inject. */
export async function buildApp(deps: Deps, opts: AppOptions = {}): Promise<FastifyInstance> {
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
    trustProxy: true,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<TypeBoxTypeProvider>();

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
      tags: [{ name: 'stories' }, { name: 'comments' }, { name: 'perspective' }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

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
