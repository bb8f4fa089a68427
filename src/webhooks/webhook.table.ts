import type { Selectable } from 'kysely';

export interface WebhookTable {
  id: string;
  site_id: string;
  url: string;
  /** Shared secret for the HMAC signature; never presented back after creation. */
  secret: string;
  /** JSON array of event types, e.g. ["comment.created"]. */
  events: string;
  /** 0 or 1. */
  active: number;
  created_at: number;
}
export type WebhookRow = Selectable<WebhookTable>;

/** One delivery attempt. */
export interface WebhookDeliveryTable {
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  attempt: number;
  /** null when no response came (connection refused, timeout). */
  status_code: number | null;
  duration_ms: number;
  error: string | null;
  created_at: number;
}
export type WebhookDeliveryRow = Selectable<WebhookDeliveryTable>;
