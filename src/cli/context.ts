import { loadConfigOrExit, type Config } from '../config.js';
import { migrateToLatest } from '../db/migrate.js';
import { buildDeps, type Deps } from '../deps.js';

/** Runs a command with migrated dependencies, closing them after; config errors print and exit 2. */
export async function withDeps<T>(fn: (deps: Deps) => Promise<T>, overrides: Partial<Config> = {}): Promise<T> {
  const deps = buildDeps(loadConfigOrExit(overrides));
  try {
    await migrateToLatest(deps.store.db, deps.store.schema ? { schema: deps.store.schema } : {});
    return await fn(deps);
  } finally {
    await deps.close();
  }
}

/** Prints a user-facing failure without a stack trace and sets the exit code. */
export function fail(message: string, code = 1): void {
  console.error(`agora: ${message}`);
  process.exitCode = code;
}
