import type { Config } from './config.js';
import { connect, type Store } from './db/connect.js';
import { timeOrderedIds, type Clock, type IdGenerator } from './lib/ids.js';
import { CommentService, type CommentEvent } from './modules/comments/comment.service.js';
import { ThreadService } from './modules/comments/thread.service.js';
import { SiteService } from './modules/sites/site.service.js';
import { StoryService } from './modules/stories/story.service.js';
import { createModerator } from './moderation/pipeline/pipeline.js';
import type { Moderate } from './moderation/pipeline/types.js';
import { loadScorer, type Scorer } from './moderation/model/scorer.js';

/** Everything the app and the CLI run on. The one place where implementations are chosen. */
export interface Deps {
  config: Config;
  store: Store;
  clock: Clock;
  ids: IdGenerator;
  scorer: Scorer;
  moderate: Moderate;
  sites: SiteService;
  stories: StoryService;
  comments: CommentService;
  threads: ThreadService;
  /** Listeners of committed comment changes (live updates, webhooks). */
  commentEvents: Set<(event: CommentEvent) => void>;
  close(): Promise<void>;
}

export interface DepsOverrides {
  store?: Store;
  clock?: Clock;
  scorer?: Scorer;
  moderate?: Moderate;
}

export function buildDeps(config: Config, overrides: DepsOverrides = {}): Deps {
  const store = overrides.store ?? connect({ dialect: config.dialect, url: config.databaseUrl, schema: config.databaseSchema });
  const clock = overrides.clock ?? Date.now;
  const ids = timeOrderedIds(clock);
  const scorer = overrides.scorer ?? loadScorer();
  const moderate = overrides.moderate ?? createModerator({ scorer });
  const commentEvents = new Set<(event: CommentEvent) => void>();
  const db = store.db;
  return {
    config,
    store,
    clock,
    ids,
    scorer,
    moderate,
    sites: new SiteService(db, clock),
    stories: new StoryService(db, clock, ids),
    comments: new CommentService({
      db,
      clock,
      ids,
      moderate,
      onEvent: (event) => {
        for (const listener of commentEvents) listener(event);
      },
    }),
    threads: new ThreadService(db),
    commentEvents,
    close: () => store.close(),
  };
}
