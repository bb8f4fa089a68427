import type { Db, Dialect } from '../../db/database.js';
import type { Clock, IdGenerator } from '../../lib/ids.js';
import type { CommentService } from '../comments/comment.service.js';
import type { SiteService } from '../sites/site.service.js';
import type { UserService } from '../users/user.service.js';
import { AuditService } from './audit.service.js';
import { DecisionService, type ModerationEvent } from './decision.service.js';
import { NoteService } from './notes.service.js';
import { QueueService } from './queue.service.js';
import { SearchService } from './search.service.js';
import { SettingsService } from './settings.service.js';
import { StatsService } from './stats.service.js';

/** The moderators' workspace: queues, decisions, audit log, notes, search, settings and statistics. */
export interface ModerationWorkspace {
  audit: AuditService;
  queue: QueueService;
  decisions: DecisionService;
  notes: NoteService;
  search: SearchService;
  settings: SettingsService;
  stats: StatsService;
  /** Listeners of committed moderator decisions (the notifications module emails rejections from here). */
  events: Set<(event: ModerationEvent) => void>;
}

export function createModerationWorkspace(deps: {
  db: Db;
  dialect: Dialect;
  clock: Clock;
  ids: IdGenerator;
  comments: CommentService;
  sites: SiteService;
  users: UserService;
  onError?: (err: unknown) => void;
  invalidateThread?: (storyId: string) => Promise<void>;
}): ModerationWorkspace {
  const { db, clock, ids } = deps;
  const events = new Set<(event: ModerationEvent) => void>();
  const audit = new AuditService({ db, clock, ids, ...(deps.onError ? { onError: deps.onError } : {}) });
  const queue = new QueueService(db);
  const decisions = new DecisionService({
    db,
    clock,
    comments: deps.comments,
    audit,
    queue,
    ...(deps.invalidateThread ? { invalidateThread: deps.invalidateThread } : {}),
    onEvent: (event) => {
      for (const listener of events) {
        try {
          listener(event);
        } catch (err) {
          deps.onError?.(err);
        }
      }
    },
  });
  return {
    audit,
    queue,
    decisions,
    notes: new NoteService({ db, clock, ids, audit, users: deps.users }),
    search: new SearchService(db, deps.dialect, queue),
    settings: new SettingsService({ sites: deps.sites, audit }),
    stats: new StatsService(db, deps.dialect, clock),
    events,
  };
}
