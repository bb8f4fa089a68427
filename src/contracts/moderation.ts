/**
 * The moderators' workspace JSON, as plain types shared by the server's presenters and the workspace in web/admin
 * (browser code imports only this folder of the server's tree).
 */
import type { CommentStatus } from './comments.js';

/** A comment as a moderator sees it: in context, with its scores, reasons and open reports. */
export interface ModerationItem {
  id: string;
  siteId: string;
  story: { id: string; title: string };
  parent: { id: string; authorName: string; html: string; status: string } | null;
  author: { id: string; name: string; userId: string | null };
  status: CommentStatus;
  html: string;
  reasons: Array<{ phase: string; reason: string }>;
  scores: Record<string, number> | null;
  featured: boolean;
  pinned: boolean;
  reviewed: boolean;
  createdAt: string;
  editedAt: string | null;
  reports: Array<{ reason: string; note: string | null; createdAt: string }>;
}

/** One attempt to deliver a webhook event, as the delivery log shows it. */
export interface WebhookDelivery {
  id: string;
  eventId: string;
  eventType: string;
  attempt: number;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  createdAt: string;
}
