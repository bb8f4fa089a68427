import { buildApp, buildWorkerApp } from './app.js';
import { loadConfigOrExit, type Config } from './config.js';
import { migrateToLatest } from './db/migrate.js';
import { buildDeps } from './deps.js';
import { seedDemo } from './demo/seed.js';
import { unsubscribeRoutes } from './http/routes/unsubscribe.js';
import { createIntegrations } from './integrations.js';
import { redisReady } from './lib/redis.js';

/** web: HTTP only; worker: background jobs (and /healthz, /readyz, /metrics); all: both, one machine's install. */
export type Role = 'web' | 'worker' | 'all';
export const ROLES: readonly Role[] = ['web', 'worker', 'all'];

/** Start-up: read config, build dependencies, migrate, load the demo on a fresh store, listen, shut down cleanly. */
export async function startServer(overrides: Partial<Config> = {}, role: Role = 'all'): Promise<void> {
  const config = loadConfigOrExit(overrides);
  const deps = buildDeps(config);
  // Serving without Redis is possible (degraded); waiting a moment avoids failing the first requests needlessly.
  if (deps.redis) await redisReady(deps.redis, 5000).catch((err: unknown) => console.warn(`agora: ${(err as Error).message}; starting anyway`));
  await migrateToLatest(deps.store.db, deps.store.schema ? { schema: deps.store.schema } : {});
  const web = role !== 'worker';
  const app = web ? await buildApp(deps, { logger: { level: config.logLevel } }) : await buildWorkerApp(deps, { logger: { level: config.logLevel } });
  // Emails and webhooks (issue 7): jobs in the store (BullMQ with REDIS_URL); the worker role works them.
  const integrations = createIntegrations(deps, { queue: deps.jobs, onError: (err) => app.log.error({ err }, 'background job failed') });
  if (web) await app.register(unsubscribeRoutes, { notifications: integrations.notifications });
  if (web && config.seedDemo) {
    const seeded = await seedDemo(deps);
    if (seeded) app.log.info(seeded, 'loaded the demo site');
  }
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal, role }, 'shutting down: finishing in-flight requests and jobs, closing live streams');
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    await app.close();
    await integrations.close();
    await deps.close();
    clearTimeout(force);
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
  if (role !== 'web') integrations.startWorker();
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const port = (app.server.address() as { port: number } | null)?.port ?? config.port;
  console.log(`Agora (${role}) is serving http://${shown}:${port} (store: ${config.dialect}${config.dialect === 'sqlite' ? ` ${config.databaseUrl}` : ''})`);
  // First run: no admin yet. The link is one-time and stored hashed; `agora user create --role admin` also works.
  const setupLink = web ? await deps.auth.firstRunSetupLink() : null;
  if (setupLink) console.log(`No admin yet: create one at ${setupLink}`);
}
