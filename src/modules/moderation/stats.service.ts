import type { Db, Dialect } from '../../db/database.js';
import type { Clock } from '../../lib/ids.js';
import type { CommentStatus } from '../comments/comment.table.js';
import { StatsRepository } from './stats.repository.js';

const HOUR = 3_600_000;

export interface Dashboard {
  windowHours: number;
  /** One entry per hour, oldest first, zeros included. */
  perHour: Array<{ hour: string; count: number }>;
  byStatus: Record<CommentStatus, number>;
  /** (pending + rejected) / all, in the window. */
  heldOrRejectedShare: number;
  /** Counts of TOXICITY in [0, 0.1), [0.1, 0.2), … [0.9, 1]. */
  toxicityHistogram: number[];
  busiestStories: Array<{ id: string; title: string; count: number }>;
  responseTime: { decided: number; medianSeconds: number | null; p90Seconds: number | null };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

export class StatsService {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
    private readonly clock: Clock,
  ) {}

  async dashboard(siteId: string, windowHours = 48): Promise<Dashboard> {
    const now = this.clock();
    const firstHour = Math.floor(now / HOUR) - windowHours + 1;
    const since = firstHour * HOUR;
    const repo = new StatsRepository(this.db, this.dialect);
    const [perHour, byStatus, histogram, busiest, times] = await Promise.all([
      repo.perHour(siteId, since),
      repo.byStatus(siteId, since),
      repo.histogram(siteId, since),
      repo.busiestStories(siteId, since, 5),
      repo.responseTimes(siteId, since),
    ]);
    const counts = new Map(perHour.map((r) => [r.hour, r.n]));
    const total = byStatus.approved + byStatus.pending + byStatus.rejected + byStatus.deleted;
    const sorted = times.filter((t) => t >= 0).sort((a, b) => a - b);
    const sec = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));
    return {
      windowHours,
      perHour: Array.from({ length: windowHours }, (_, i) => ({ hour: new Date((firstHour + i) * HOUR).toISOString(), count: counts.get(firstHour + i) ?? 0 })),
      byStatus,
      heldOrRejectedShare: total === 0 ? 0 : (byStatus.pending + byStatus.rejected) / total,
      toxicityHistogram: histogram,
      busiestStories: busiest.map((s) => ({ id: s.id, title: s.title, count: s.n })),
      responseTime: { decided: sorted.length, medianSeconds: sec(percentile(sorted, 50)), p90Seconds: sec(percentile(sorted, 90)) },
    };
  }
}
