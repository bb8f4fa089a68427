import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../deps.js';

const Status = Type.Object({ status: Type.String(), checks: Type.Optional(Type.Record(Type.String(), Type.String())) });

export const healthRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  // Liveness: the process answers. Never touches a dependency, so a database outage does not restart it.
  app.get('/healthz', { schema: { hide: true, response: { 200: Status } } }, async () => ({ status: 'ok' }));

  // Readiness: fails while the store (or Redis, when configured) is away, so a load balancer sends traffic elsewhere.
  const within = (p: Promise<unknown>): Promise<'ok' | 'down'> =>
    Promise.race([p, new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref())]).then(
      () => 'ok' as const,
      () => 'down' as const,
    );
  app.get('/readyz', { schema: { hide: true, response: { 200: Status, 503: Status } } }, async (_req, reply) => {
    const redis = deps.redis;
    const [database, cache] = await Promise.all([within(deps.store.ping()), redis ? within(redis.ping()) : Promise.resolve(null)]);
    const checks: Record<string, string> = { database, ...(cache ? { redis: cache } : {}) };
    if (database === 'ok' && cache !== 'down') return { status: 'ready', checks };
    return reply.status(503).send({ status: 'unavailable', checks });
  });
};
