import type { ModerationItem } from '../../contracts/moderation.js';
import type { QueueRow } from './queue.repository.js';

export type { ModerationItem };

export interface ItemContext {
  parents: Map<string, { id: string; author_name: string; html: string; status: string }>;
  reports: Map<string, Array<{ reason: string; note: string | null; created_at: number }>>;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function parseReasons(json: string): ModerationItem['reasons'] {
  try {
    const v: unknown = JSON.parse(json);
    if (!Array.isArray(v)) return [];
    return v.map((r: { phase?: unknown; reason?: unknown }) => ({ phase: String(r.phase ?? ''), reason: String(r.reason ?? '') }));
  } catch {
    return [];
  }
}

export function parseScores(json: string | null): Record<string, number> | null {
  if (!json) return null;
  try {
    const v: unknown = JSON.parse(json);
    if (!v || typeof v !== 'object') return null;
    const out: Record<string, number> = {};
    for (const [k, n] of Object.entries(v)) if (typeof n === 'number' && Number.isFinite(n)) out[k] = n;
    return out;
  } catch {
    return null;
  }
}

export function presentItem(row: QueueRow, ctx: ItemContext): ModerationItem {
  const parent = row.parentId ? ctx.parents.get(row.parentId) : undefined;
  return {
    id: row.id,
    siteId: row.siteId,
    story: { id: row.storyId, title: row.storyTitle },
    parent: parent ? { id: parent.id, authorName: parent.author_name, html: parent.status === 'deleted' ? '' : parent.html, status: parent.status } : null,
    author: { id: row.authorId, name: row.authorName, userId: row.authorUserId },
    status: row.status,
    html: row.html,
    reasons: parseReasons(row.reasons),
    scores: parseScores(row.scores),
    featured: row.featured,
    pinned: row.pinned,
    reviewed: row.reviewedAt !== null,
    createdAt: iso(row.createdAt),
    editedAt: row.editedAt === null ? null : iso(row.editedAt),
    reports: (ctx.reports.get(row.id) ?? []).map((r) => ({ reason: r.reason, note: r.note, createdAt: iso(Number(r.created_at)) })),
  };
}
