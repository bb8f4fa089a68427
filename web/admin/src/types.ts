/** The admin API's answers, as plain types (browser code never imports server code, only src/contracts). */
import type { ModerationItem, WebhookDelivery } from '../../../src/contracts/moderation.js';

export type Status = 'approved' | 'pending' | 'rejected' | 'deleted';
export const QUEUES = ['pending', 'reported', 'flagged', 'unmoderated', 'approved', 'rejected'] as const;
export type Queue = (typeof QUEUES)[number];
export type Action = 'approve' | 'reject' | 'feature' | 'unfeature' | 'pin' | 'unpin';

export type Item = ModerationItem;

export interface Page {
  items: Item[];
  nextCursor: string | null;
}

export type Counts = Record<Queue, number>;

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  commentId: string | null;
  targetUserId: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  reason: string | null;
  undone: boolean;
}

export interface AuthorHistory {
  author: { id: string; name: string; userId: string | null; firstSeen: string };
  counts: Record<string, number>;
  rejectionRate: number;
  recent: Array<{ id: string; status: Status; storyTitle: string; html: string; createdAt: string }>;
  notes: Array<{ id: string; body: string; moderatorName: string | null; createdAt: string }>;
  standing: {
    site: { banned: boolean; suspendedUntil: string | null; premoderated: boolean; role: string };
    global: { banned: boolean; suspendedUntil: string | null; premoderated: boolean };
  } | null;
}

export interface Policy {
  premoderation: 'none' | 'all' | 'stories';
  premoderatedStories: string[];
  toxicity: { hold: number; reject: number; identityHold: number; identityReject: number };
  bannedWords: string[];
  suspectWords: string[];
  links: { max: number; allowedDomains: string[]; blockedDomains: string[] };
  newUserHoldCount: number;
  duplicateWindowSeconds: number;
  maxCommentsPer10Minutes: number;
  warnBeforePosting: boolean;
}

export interface Settings {
  name: string;
  origins: string[];
  editWindowSeconds: number;
  commenters: 'guests' | 'users' | 'both';
  moderation: Policy;
}

export interface Dashboard {
  windowHours: number;
  perHour: Array<{ hour: string; count: number }>;
  byStatus: Record<string, number>;
  heldOrRejectedShare: number;
  toxicityHistogram: number[];
  busiestStories: Array<{ id: string; title: string; count: number }>;
  responseTime: { decided: number; medianSeconds: number | null; p90Seconds: number | null };
}

/** The events a webhook may subscribe to (the server's WEBHOOK_EVENTS). */
export const WEBHOOK_EVENTS = ['comment.created', 'comment.edited', 'comment.status', 'comment.reported'] as const;

export interface Webhook {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  createdAt: string;
}

export type { WebhookDelivery };
