import type { Deps } from '../../deps.js';
import type { JobDepth } from '../../jobs/job-stats.repository.js';
import type { GaugeSource } from './metrics.js';

/**
 * Gauges of the running instance for /metrics: open SSE streams, and the job queue's depth by state (one count
 * per scrape, shared by the four gauges; a failing count reads as -1 so an alert can tell it from an empty queue).
 */
export function runtimeGauges(deps: Pick<Deps, 'bus' | 'jobDepth'>): GaugeSource[] {
  let pending: { at: number; depth: Promise<JobDepth | null> } | undefined;
  const depth = (): Promise<JobDepth | null> => {
    const now = Date.now();
    if (!pending || now - pending.at > 1000) pending = { at: now, depth: deps.jobDepth().catch(() => null) };
    return pending.depth;
  };
  const jobGauge = (state: keyof JobDepth, help: string): GaugeSource => ({
    name: `agora_jobs_${state}`,
    help,
    read: async () => (await depth())?.[state] ?? -1,
  });
  return [
    { name: 'agora_sse_streams', help: 'Open live-update (SSE) streams on this instance', read: () => deps.bus.subscriberCount?.() ?? 0 },
    jobGauge('waiting', 'Jobs due and not yet taken by a worker'),
    jobGauge('delayed', 'Jobs waiting for their time (retry backoff, digests)'),
    jobGauge('active', 'Jobs being worked now'),
    jobGauge('failed', 'Jobs that used up their attempts'),
  ];
}
