import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import type { Dashboard as Data } from './types.js';

function Bars(props: { values: number[]; labels: string[]; width: number; height: number; title: string }) {
  const max = Math.max(1, ...props.values);
  const w = props.width / Math.max(1, props.values.length);
  return (
    <svg class="chart" viewBox={`0 0 ${props.width} ${props.height + 14}`} role="img" aria-label={props.title}>
      <title>{props.title}</title>
      {props.values.map((v, i) => {
        const h = (v / max) * props.height;
        return (
          <rect key={i} x={i * w + 1} y={props.height - h} width={Math.max(1, w - 2)} height={h} class="bar">
            <title>{`${props.labels[i] ?? ''}: ${v}`}</title>
          </rect>
        );
      })}
      <text x="0" y={props.height + 12} class="axis">
        {props.labels[0]}
      </text>
      <text x={props.width} y={props.height + 12} class="axis" text-anchor="end">
        {props.labels[props.labels.length - 1]}
      </text>
    </svg>
  );
}

function Share(props: { parts: Array<[string, number]> }) {
  const total = Math.max(1, props.parts.reduce((n, [, v]) => n + v, 0));
  let x = 0;
  return (
    <svg class="chart" viewBox="0 0 300 24" role="img" aria-label="Comments by status">
      {props.parts.map(([name, v]) => {
        const w = (v / total) * 300;
        const r = (
          <rect key={name} x={x} y="0" width={w} height="24" class={`share share-${name}`}>
            <title>{`${name}: ${v}`}</title>
          </rect>
        );
        x += w;
        return r;
      })}
    </svg>
  );
}

const hours = (s: number | null) => (s === null ? '—' : s < 3600 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`);

export function Dashboard(props: { siteId: string }) {
  const [d, setD] = useState<Data | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<Data>(`/sites/${props.siteId}/stats`).then(setD, (e: Error) => setError(e.message));
  }, [props.siteId]);
  if (!d) return <p>{error ?? 'Loading…'}</p>;
  const label = (iso: string) => new Date(iso).toLocaleString([], { weekday: 'short', hour: '2-digit' });
  return (
    <section class="dashboard">
      <div class="card wide">
        <h2>Comments per hour, last {d.windowHours} h</h2>
        <Bars values={d.perHour.map((h) => h.count)} labels={d.perHour.map((h) => label(h.hour))} width={600} height={120} title="Comments per hour" />
      </div>
      <div class="card">
        <h2>Held or rejected: {Math.round(d.heldOrRejectedShare * 100)}%</h2>
        <Share parts={[['approved', d.byStatus.approved ?? 0], ['pending', d.byStatus.pending ?? 0], ['rejected', d.byStatus.rejected ?? 0], ['deleted', d.byStatus.deleted ?? 0]]} />
        <p class="legend">
          <span class="share-approved">■</span> approved <span class="share-pending">■</span> pending <span class="share-rejected">■</span> rejected
        </p>
      </div>
      <div class="card">
        <h2>Toxicity scores</h2>
        <Bars values={d.toxicityHistogram} labels={d.toxicityHistogram.map((_, i) => (i / 10).toFixed(1))} width={300} height={100} title="Histogram of TOXICITY" />
      </div>
      <div class="card">
        <h2>Busiest stories</h2>
        <ol>
          {d.busiestStories.map((s) => (
            <li key={s.id}>
              {s.title} <span class="muted">({s.count})</span>
            </li>
          ))}
        </ol>
      </div>
      <div class="card">
        <h2>Response time</h2>
        <p>
          median <b>{hours(d.responseTime.medianSeconds)}</b> · p90 <b>{hours(d.responseTime.p90Seconds)}</b>
        </p>
        <p class="muted">{d.responseTime.decided} held comments decided</p>
      </div>
    </section>
  );
}
