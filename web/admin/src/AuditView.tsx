import { useEffect, useState } from 'preact/hooks';
import { api, qs } from './api.js';
import type { AuditEntry } from './types.js';

const ACTIONS = ['', 'pipeline', 'approve', 'reject', 'feature', 'unfeature', 'pin', 'unpin', 'undo', 'note', 'ban', 'unban', 'suspend', 'unsuspend', 'premoderate', 'unpremoderate', 'settings'];

export function AuditView(props: { siteId: string }) {
  const [f, setF] = useState({ actor: '', action: '', from: '', to: '' });
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [error, setError] = useState<string | null>(null);
  const filter = {
    actor: f.actor.trim() || undefined,
    action: f.action || undefined,
    from: f.from ? new Date(f.from).toISOString() : undefined,
    to: f.to ? new Date(f.to).toISOString() : undefined,
  };
  const query = qs(filter);
  useEffect(() => {
    setError(null);
    api<{ entries: AuditEntry[] }>(`/sites/${props.siteId}/audit${qs({ ...filter, limit: 100 })}`).then((r) => setEntries(r.entries), (e: Error) => setError(e.message));
    // The query string stands for the filter.
  }, [props.siteId, query]);
  const set = (k: keyof typeof f) => (e: Event) => setF({ ...f, [k]: (e.target as HTMLInputElement).value });
  const exportUrl = (format: string) => `/api/v1/admin/sites/${props.siteId}/audit/export${qs({ ...filter, format })}`;
  return (
    <section class="audit">
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Actor <input value={f.actor} onInput={set('actor')} placeholder="user id or pipeline" />
        </label>
        <label>
          Action
          <select value={f.action} onChange={set('action')}>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a || 'any'}
              </option>
            ))}
          </select>
        </label>
        <label>
          From <input type="datetime-local" value={f.from} onInput={set('from')} />
        </label>
        <label>
          To <input type="datetime-local" value={f.to} onInput={set('to')} />
        </label>
        <a href={exportUrl('csv')} download>
          Download CSV
        </a>
        <a href={exportUrl('json')} download>
          Download JSON
        </a>
      </form>
      {error && <p class="message error">{error}</p>}
      <table>
        <thead>
          <tr>
            <th>When</th>
            <th>Actor</th>
            <th>Action</th>
            <th>Comment / user</th>
            <th>Status</th>
            <th>Reason</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} class={e.undone ? 'undone' : ''}>
              <td>{new Date(e.at).toLocaleString()}</td>
              <td>{e.actor}</td>
              <td>{e.action}</td>
              <td>{e.commentId ?? e.targetUserId ?? ''}</td>
              <td>{e.fromStatus || e.toStatus ? `${e.fromStatus ?? '∅'} → ${e.toStatus ?? '∅'}` : ''}</td>
              <td>{e.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
