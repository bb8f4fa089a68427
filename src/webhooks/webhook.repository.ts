import type { Db } from '../db/database.js';
import type { WebhookDeliveryRow, WebhookRow } from './webhook.table.js';

export class WebhookRepository {
  constructor(private readonly db: Db) {}

  async insert(row: WebhookRow): Promise<void> {
    await this.db.insertInto('webhooks').values(row).execute();
  }

  findById(id: string): Promise<WebhookRow | undefined> {
    return this.db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
  }

  listActiveBySite(siteId: string): Promise<WebhookRow[]> {
    return this.db.selectFrom('webhooks').selectAll().where('site_id', '=', siteId).where('active', '=', 1).orderBy('created_at').execute();
  }

  /** Active and disabled alike: a disabled webhook keeps its delivery log. */
  listBySite(siteId: string): Promise<WebhookRow[]> {
    return this.db.selectFrom('webhooks').selectAll().where('site_id', '=', siteId).orderBy('created_at').orderBy('id').execute();
  }

  async setActive(id: string, active: boolean): Promise<void> {
    await this.db.updateTable('webhooks').set({ active: active ? 1 : 0 }).where('id', '=', id).execute();
  }

  async insertDelivery(row: WebhookDeliveryRow): Promise<void> {
    await this.db.insertInto('webhook_deliveries').values(row).execute();
  }

  /** Newest first; `before` is the (created_at, id) of the last row of the previous page. */
  listDeliveries(webhookId: string, limit: number, before?: { createdAt: number; id: string }): Promise<WebhookDeliveryRow[]> {
    let q = this.db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId);
    if (before) q = q.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(before.createdAt, before.id)));
    return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }
}
