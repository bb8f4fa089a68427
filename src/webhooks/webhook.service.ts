import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import type { Clock, IdGenerator } from '../lib/ids.js';
import type { JobHandler, JobQueue } from '../jobs/queue.js';
import { presentComment } from '../modules/comments/comment.presenter.js';
import type { CommentEvent } from '../modules/comments/comment.service.js';
import { signatureHeader } from './signature.js';
import { WebhookRepository } from './webhook.repository.js';
import type { WebhookDeliveryRow, WebhookRow } from './webhook.table.js';
import type { WebhookDelivery } from '../contracts/moderation.js';

export const WEBHOOK_EVENTS = ['comment.created', 'comment.edited', 'comment.status', 'comment.reported'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const WEBHOOK_JOB = 'webhook.deliver';

interface DeliverPayload {
  webhookId: string;
  eventId: string;
  type: WebhookEvent;
  /** The exact body, fixed when the event happened; the signature is made per attempt with its own time. */
  body: string;
}

export interface Webhook {
  id: string;
  siteId: string;
  url: string;
  events: WebhookEvent[];
  active: boolean;
  createdAt: number;
}

export type { WebhookDelivery };

const toWebhook = (r: WebhookRow): Webhook => ({
  id: r.id,
  siteId: r.site_id,
  url: r.url,
  events: JSON.parse(r.events) as WebhookEvent[],
  active: r.active === 1,
  createdAt: r.created_at,
});

export const presentDelivery = (r: WebhookDeliveryRow): WebhookDelivery => ({
  id: r.id,
  eventId: r.event_id,
  eventType: r.event_type,
  attempt: r.attempt,
  statusCode: r.status_code,
  durationMs: r.duration_ms,
  error: r.error,
  createdAt: new Date(r.created_at).toISOString(),
});

export interface WebhookServiceDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  queue: JobQueue;
  /** Per attempt; a slow receiver must not hold a worker. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * Per-site webhooks: each committed comment event becomes one durable delivery job per subscribed webhook, POSTed
 * as JSON signed with HMAC-SHA256 (see signature.ts); any non-2xx answer or network error is retried with the
 * queue's backoff, and every attempt is logged in webhook_deliveries.
 */
export class WebhookService {
  constructor(private readonly deps: WebhookServiceDeps) {}

  /** Returns the secret once: it is never presented again. */
  async create(input: { siteId: string; url: string; events: WebhookEvent[]; secret?: string }): Promise<{ webhook: Webhook; secret: string }> {
    let url: URL;
    try {
      url = new URL(input.url);
    } catch {
      throw new AppError('VALIDATION', `"${input.url}" is not a URL`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new AppError('VALIDATION', 'webhook url must use http or https');
    const events = [...new Set(input.events)];
    if (events.length === 0 || events.some((e) => !WEBHOOK_EVENTS.includes(e))) {
      throw new AppError('VALIDATION', `events must be some of ${WEBHOOK_EVENTS.join(', ')}`);
    }
    const secret = input.secret ?? `whsec_${randomBytes(24).toString('base64url')}`;
    const row: WebhookRow = { id: this.deps.ids(), site_id: input.siteId, url: url.href, secret, events: JSON.stringify(events), active: 1, created_at: this.deps.clock() };
    await new WebhookRepository(this.deps.db).insert(row);
    return { webhook: toWebhook(row), secret };
  }

  async get(siteId: string, id: string): Promise<Webhook> {
    const row = await new WebhookRepository(this.deps.db).findById(id);
    if (!row || row.site_id !== siteId) throw new AppError('NOT_FOUND', `no webhook "${id}" on this site`);
    return toWebhook(row);
  }

  /** The site's webhooks, oldest first, disabled ones included (their delivery logs stay readable). */
  async list(siteId: string): Promise<Webhook[]> {
    return (await new WebhookRepository(this.deps.db).listBySite(siteId)).map(toWebhook);
  }

  /**
   * Disables rather than deletes: the delivery log is what an administrator reads when a receiver misbehaved, and
   * deliveries still queued are dropped by `deliver`, which skips inactive webhooks. Idempotent.
   */
  async disable(siteId: string, id: string): Promise<Webhook> {
    const hook = await this.get(siteId, id);
    if (hook.active) await new WebhookRepository(this.deps.db).setActive(id, false);
    return { ...hook, active: false };
  }

  async deliveries(siteId: string, id: string, opts: { limit?: number } = {}): Promise<WebhookDelivery[]> {
    await this.get(siteId, id);
    return (await new WebhookRepository(this.deps.db).listDeliveries(id, opts.limit ?? 50)).map(presentDelivery);
  }

  /** commentEvents listener: runs after the commit, enqueues one delivery per subscribed webhook. */
  async onCommentEvent(event: CommentEvent): Promise<void> {
    const hooks = (await new WebhookRepository(this.deps.db).listActiveBySite(event.comment.site_id)).map(toWebhook).filter((h) => h.events.includes(event.type));
    if (hooks.length === 0) return;
    const eventId = this.deps.ids();
    const body = JSON.stringify({
      id: eventId,
      type: event.type,
      createdAt: new Date(this.deps.clock()).toISOString(),
      siteId: event.comment.site_id,
      data: { comment: presentComment(event.comment), ...(event.previousStatus ? { previousStatus: event.previousStatus } : {}) },
    });
    for (const hook of hooks) {
      const payload: DeliverPayload = { webhookId: hook.id, eventId, type: event.type, body };
      await this.deps.queue.enqueue(WEBHOOK_JOB, payload, { maxAttempts: 10 });
    }
  }

  /** The job handler: one attempt, logged; throws so the queue retries. */
  readonly deliver: JobHandler = async (raw, ctx) => {
    const p = raw as DeliverPayload;
    const repo = new WebhookRepository(this.deps.db);
    const hook = await repo.findById(p.webhookId);
    if (!hook || hook.active !== 1) return; // deleted or disabled since: nothing to retry
    const started = performance.now();
    const ts = Math.floor(this.deps.clock() / 1000);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await (this.deps.fetch ?? fetch)(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Agora-Webhooks/1',
          'agora-event': p.type,
          'agora-delivery': p.eventId,
          'agora-signature': signatureHeader(hook.secret, p.body, ts),
        },
        body: p.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.deps.timeoutMs ?? 10_000),
      });
      status = res.status;
      await res.body?.cancel();
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (err) {
      error = (err as Error).message || String(err);
    }
    await repo.insertDelivery({
      id: this.deps.ids(),
      webhook_id: hook.id,
      event_id: p.eventId,
      event_type: p.type,
      attempt: ctx.attempt,
      status_code: status,
      duration_ms: Math.round(performance.now() - started),
      error,
      created_at: this.deps.clock(),
    });
    if (error) throw new Error(`webhook ${hook.id}: ${error}`);
  };
}

