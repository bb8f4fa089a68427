import type { Deps } from './deps.js';
import { StoreJobQueue } from './jobs/store-queue.js';
import type { JobQueue } from './jobs/queue.js';
import type { CommentEvent } from './modules/comments/comment.service.js';
import { NotificationService } from './notifications/notification.service.js';
import { WEBHOOK_JOB, WebhookService } from './webhooks/webhook.service.js';

export interface Integrations {
  queue: JobQueue;
  notifications: NotificationService;
  webhooks: WebhookService;
  /** Runs jobs in this process (the worker role; a single-machine install runs it beside the web role). */
  startWorker(): void;
  close(): Promise<void>;
}

/**
 * Emails and webhooks: listens to committed comment events (deps.commentEvents fire after the commit) and turns
 * them into durable jobs. Every process that changes comments needs the listener; only workers run the jobs.
 * A crash between a commit and its enqueue loses that one notification: an outbox row written inside the
 * comment's transaction would close that gap.
 */
export function createIntegrations(
  deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'config' | 'sites' | 'commentEvents' | 'mailer'>,
  opts: { queue?: JobQueue; onError?: (err: unknown) => void } = {},
): Integrations {
  const onError = opts.onError ?? ((err: unknown) => console.error('agora: background work failed:', err));
  const queue = opts.queue ?? new StoreJobQueue({ db: deps.store.db, dialect: deps.store.dialect, clock: deps.clock, ids: deps.ids, onError });
  const notifications = new NotificationService({ db: deps.store.db, clock: deps.clock, queue, mailer: deps.mailer, sites: deps.sites, publicUrl: deps.config.publicUrl });
  const webhooks = new WebhookService({ db: deps.store.db, clock: deps.clock, ids: deps.ids, queue });
  const listener = (event: CommentEvent) => {
    notifications.onCommentEvent(event).catch(onError);
    webhooks.onCommentEvent(event).catch(onError);
  };
  deps.commentEvents.add(listener);
  return {
    queue,
    notifications,
    webhooks,
    startWorker: () => queue.start({ ...notifications.handlers(), [WEBHOOK_JOB]: webhooks.deliver }),
    async close() {
      deps.commentEvents.delete(listener);
      await queue.stop();
    },
  };
}
