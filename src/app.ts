import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Deps } from './deps.js';
import { errorsPlugin } from './http/plugins/errors.js';
import { securityHeadersPlugin } from './http/plugins/security-headers.js';
import { commentRoutes } from './http/routes/api/comments.js';
import { storyRoutes } from './http/routes/api/stories.js';
import { healthRoutes } from './http/routes/health.js';
import { pageRoutes } from './http/routes/pages/index.js';
import perspectiveRoutes from './http/routes/perspective/index.js';
import { ErrorBody } from './http/schemas/common.js';

export interface AppOptions {
  /** pino logger options, or false for none (tests). */
  logger?: boolean | { level: string };
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
          },
    bodyLimit: deps.config.bodyLimitBytes,
    trustProxy: true,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addSchema(ErrorBody);
  await app.register(errorsPlugin);
  await app.register(securityHeadersPlugin);
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
    },
    { prefix: '/api/v1' },
  );
  await app.register(perspectiveRoutes, { scorer: deps.scorer });
  await app.register(pageRoutes, { deps });
  return app;
}
