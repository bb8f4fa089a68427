import type { Config } from './config.js';
import { connect, type Store } from './db/connect.js';
import { timeOrderedIds, type Clock, type IdGenerator } from './lib/ids.js';
import { MemoryRateLimiter, type RateLimiter } from './lib/rate-limiter.js';
import type { Mailer } from './mail/mailer.js';
import { OutboxMailer } from './mail/outbox.js';
import { SmtpMailer } from './mail/smtp.js';
import { AuthService } from './modules/auth/auth.service.js';
import { OidcService } from './modules/auth/oidc.js';
import { SessionService } from './modules/auth/session.service.js';
import { SiteAuthService } from './modules/auth/sso.js';
import { UserService } from './modules/users/user.service.js';
import { CommentService, type CommentEvent } from './modules/comments/comment.service.js';
import { ThreadService } from './modules/comments/thread.service.js';
import { memoryThreadCache, type ThreadCache } from './modules/comments/thread.cache.js';
import { SiteService } from './modules/sites/site.service.js';
import { StoryService } from './modules/stories/story.service.js';
import { ReactionService } from './modules/reactions/reaction.service.js';
import { ReportService } from './modules/reports/report.service.js';
import { SiteOrigins } from './modules/sites/site-origins.js';
import { createModerationWorkspace, type ModerationWorkspace } from './modules/moderation/workspace.js';
import { feedCommentEvents } from './realtime/comment-feed.js';
import type { EventBus } from './realtime/event-bus.js';
import { MemoryEventBus } from './realtime/memory-bus.js';
import { createPipeline } from './moderation/pipeline/run.js';
import type { Moderate } from './moderation/pipeline/types.js';
import { loadScorer, type Scorer } from './moderation/model/scorer.js';
import pino from 'pino';
import type { Redis } from 'ioredis';
import { BullMqJobQueue } from './jobs/bullmq-queue.js';
import { storeJobDepth, type JobDepth } from './jobs/job-stats.repository.js';
import type { JobQueue } from './jobs/queue.js';
import { StoreJobQueue } from './jobs/store-queue.js';
import { closeRedis, connectRedis, type RedisRole } from './lib/redis.js';
import { RedisRateLimiter } from './lib/redis-rate-limiter.js';
import { RedisThreadCache } from './modules/comments/redis-thread-cache.js';
import { RedisEventBus } from './realtime/redis-bus.js';

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
  users: UserService;
  sessions: SessionService;
  auth: AuthService;
  siteAuth: SiteAuthService;
  oidc: OidcService;
  mailer: Mailer;
  rateLimiter: RateLimiter;
  /** Listeners of committed comment changes (live updates, webhooks). */
  commentEvents: Set<(event: CommentEvent) => void>;
  /** Live updates by story (SSE), fed from commentEvents. */
  bus: EventBus;
  reactions: ReactionService;
  reports: ReportService;
  /** Which origins may call the API for a site (CORS), cached briefly. */
  siteOrigins: SiteOrigins;
  /** The moderators' workspace (/admin): queues, decisions, audit log, notes, search, settings, dashboard. */
  moderationWorkspace: ModerationWorkspace;
  /** Background jobs: BullMQ with REDIS_URL, else the store-backed queue (integrations.ts enqueues and starts it). */
  jobs: JobQueue;
  jobDepth(): Promise<JobDepth>;
  /** The shared request connection when REDIS_URL is set (readiness pings it). */
  redis: Redis | null;
  close(): Promise<void>;
}

export interface DepsOverrides {
  store?: Store;
  clock?: Clock;
  scorer?: Scorer;
  moderate?: Moderate;
  mailer?: Mailer;
  rateLimiter?: RateLimiter;
  bus?: EventBus;
  threadCache?: ThreadCache;
  jobs?: JobQueue;
}

export function buildDeps(config: Config, overrides: DepsOverrides = {}): Deps {
  const store = overrides.store ?? connect({ dialect: config.dialect, url: config.databaseUrl, schema: config.databaseSchema });
  const clock = overrides.clock ?? Date.now;
  const ids = timeOrderedIds(clock);
  const scorer = overrides.scorer ?? loadScorer();
  const moderate = overrides.moderate ?? createPipeline({ scorer });
  const commentEvents = new Set<(event: CommentEvent) => void>();
  // Many instances share Redis; without REDIS_URL one instance keeps everything in process, as before.
  const shared = config.redisUrl ? redisBackends(config, clock) : null;
  const threadCache = overrides.threadCache ?? shared?.threadCache ?? memoryThreadCache({ clock });
  const db = store.db;
  const mailer =
    overrides.mailer ??
    (config.smtpUrl ? new SmtpMailer(config.smtpUrl, config.mailFrom) : new OutboxMailer(config.logLevel === 'silent' ? () => {} : undefined));
  const users = new UserService(db, clock, ids);
  const sessions = new SessionService({ db, clock, ids, users });
  const siteAuth = new SiteAuthService({ db, clock, users });
  const bus = overrides.bus ?? shared?.bus ?? new MemoryEventBus();
  feedCommentEvents(commentEvents, bus);
  const comments = new CommentService({
    db,
    clock,
    ids,
    moderate,
    // Stale pages go first, on every instance, before the writer is answered or anyone is told live.
    onEvent: async (event) => {
      await threadCache.invalidate(event.comment.story_id);
      for (const listener of commentEvents) listener(event);
    },
  });
  const moderationWorkspace = createModerationWorkspace({
    db,
    dialect: store.dialect,
    clock,
    ids,
    comments,
    sites: new SiteService(db, clock),
    users,
    invalidateThread: (storyId) => threadCache.invalidate(storyId),
  });
  // The pipeline's decision on every new or edited comment goes to the audit log.
  commentEvents.add(moderationWorkspace.audit.onCommentEvent);
  const jobs = overrides.jobs ?? shared?.jobs ?? new StoreJobQueue({ db, dialect: store.dialect, clock, ids });
  return {
    config,
    store,
    clock,
    ids,
    scorer,
    moderate,
    sites: new SiteService(db, clock),
    stories: new StoryService(db, clock, ids),
    comments,
    threads: new ThreadService(db, threadCache),
    users,
    sessions,
    auth: new AuthService({ db, clock, users, sessions, mailer, publicUrl: config.publicUrl }),
    siteAuth,
    oidc: new OidcService({ db, clock, users, siteAuth, publicUrl: config.publicUrl }),
    mailer,
    rateLimiter: overrides.rateLimiter ?? shared?.rateLimiter ?? new MemoryRateLimiter(clock),
    commentEvents,
    bus,
    reactions: new ReactionService(db, clock, (storyId) => threadCache.invalidate(storyId)),
    reports: new ReportService({
      db,
      clock,
      ids,
      onEvent: (event) => {
        for (const listener of commentEvents) listener(event);
      },
    }),
    siteOrigins: new SiteOrigins({ db, clock }),
    moderationWorkspace,
    jobs,
    jobDepth: () => (jobs instanceof BullMqJobQueue ? jobs.depth() : storeJobDepth(db, clock)),
    redis: shared?.redis ?? null,
    close: async () => {
      await jobs.stop();
      await bus.close();
      await shared?.close();
      await store.close();
    },
  };
}

/** The Redis-backed implementations, on one request connection and one subscriber connection. */
function redisBackends(config: Config, clock: Clock) {
  const url = config.redisUrl ?? '';
  const prefix = config.redisPrefix;
  const log = pino({ level: config.logLevel, name: 'redis' });
  // An outage makes every request fail the same way: one line per kind every 10 s, never the payload.
  const last = new Map<string, number>();
  const onError = (err: unknown) => {
    const msg = err instanceof Error ? err.message : String(err);
    const kind = msg.replace(/\d+/g, '#').slice(0, 80);
    const now = Date.now();
    if (now - (last.get(kind) ?? 0) < 10_000) return;
    last.set(kind, now);
    log.warn({ err: msg }, 'redis unavailable: degrading (database reads, per-instance rate limits, live updates paused)');
  };
  const connections: Redis[] = [];
  const connectRole = (role: RedisRole) => {
    const c = connectRedis({ url, role, name: `agora-${role}-${process.pid}`, onError });
    connections.push(c);
    return c;
  };
  const redis = connectRole('request');
  const jobs = new BullMqJobQueue({ connect: connectRole, prefix: `${prefix}bull`, clock, onError });
  return {
    redis,
    bus: new RedisEventBus({ redis, subscriber: connectRole('subscriber'), prefix, onError }),
    rateLimiter: new RedisRateLimiter({ redis, prefix, fallback: new MemoryRateLimiter(clock), onError }),
    threadCache: new RedisThreadCache({ redis, prefix, onError }),
    jobs,
    async close() {
      await jobs.close();
      await Promise.all(connections.map((c) => closeRedis(c)));
    },
  };
}
