import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import type { Dialect } from '../db/database.js';
import { buildDeps, type Deps } from '../deps.js';
import type { Scorer } from '../moderation/model/scorer.js';
import { manualClock, type ManualClock } from './factories.js';
import { createTestStore, type TestStore } from './stores.js';

/** Scores by keyword, so HTTP tests do not depend on the trained model's exact numbers. */
export const keywordScorer: Scorer = {
  attributes: ['TOXICITY'],
  version: 'test',
  score(text: string) {
    const t = /\b(idiot|hate you|scum)\b/i.test(text) ? 0.97 : 0.02;
    return { TOXICITY: t, SEVERE_TOXICITY: t / 2, IDENTITY_ATTACK: 0.01, INSULT: t, PROFANITY: 0.01, THREAT: 0.01 };
  },
  spans: () => [],
};

export interface TestApp {
  app: FastifyInstance;
  deps: Deps;
  store: TestStore;
  clock: ManualClock;
  close(): Promise<void>;
}

export async function createTestApp(dialect: Dialect = 'sqlite', opts: { scorer?: Scorer } = {}): Promise<TestApp> {
  const store = await createTestStore(dialect);
  const clock = manualClock(Date.UTC(2026, 10, 25, 12));
  const config = loadConfig({ DATABASE_URL: dialect === 'sqlite' ? ':memory:' : 'postgres://unused', LOG_LEVEL: 'silent', PUBLIC_URL: 'http://agora.test' });
  const deps = buildDeps(config, { store, clock, scorer: opts.scorer ?? keywordScorer });
  const app = await buildApp(deps, { logger: false });
  await app.ready();
  return {
    app,
    deps,
    store,
    clock,
    async close() {
      await app.close();
      await store.destroy();
    },
  };
}
