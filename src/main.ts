import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { migrateToLatest } from './db/migrate.js';
import { buildDeps } from './deps.js';
import { seedDemo } from './demo/seed.js';

/** Start-up: read config, build dependencies, migrate, load the demo on a fresh store, listen, shut down cleanly. */
export async function startServer(overrides: Partial<Config> = {}): Promise<void> {
  let config: Config;
  try {
    config = { ...loadConfig(), ...overrides };
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const deps = buildDeps(config);
  await migrateToLatest(deps.store.db, deps.store.schema ? { schema: deps.store.schema } : {});
  const app = await buildApp(deps, { logger: { level: config.logLevel } });
  if (config.seedDemo) {
    const seeded = await seedDemo(deps);
    if (seeded) app.log.info(seeded, 'loaded the demo site');
  }
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    await app.close();
    await deps.close();
    clearTimeout(force);
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const port = (app.server.address() as { port: number } | null)?.port ?? config.port;
  console.log(`Agora is serving http://${shown}:${port} (store: ${config.dialect}${config.dialect === 'sqlite' ? ` ${config.databaseUrl}` : ''})`);
}
