import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import type { AuthorHistory } from './types.js';

/** The author's history and notes; ban, suspend and pre-moderate for authors with an account. */
export function AuthorPanel(props: { siteId: string; authorId: string; onClose: () => void }) {
  const [h, setH] = useState<AuthorHistory | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const base = `/sites/${props.siteId}/authors/${props.authorId}`;

  useEffect(() => {
    setH(null);
    api<AuthorHistory>(base).then(setH, (e: Error) => setError(e.message));
  }, [base]);

  const standing = async (patch: Record<string, unknown>) => {
    setError(null);
    try {
      setH(await api<AuthorHistory>(`${base}/standing`, { method: 'PATCH', body: patch }));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const addNote = async (e: Event) => {
    e.preventDefault();
    if (!note.trim()) return;
    try {
      await api(`${base}/notes`, { method: 'POST', body: { body: note } });
      setNote('');
      setH(await api<AuthorHistory>(base));
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <aside class="panel" aria-label="Author">
      <button type="button" class="close" onClick={props.onClose} aria-label="Close">
        ×
      </button>
      {!h ? (
        <p>{error ?? 'Loading…'}</p>
      ) : (
        <>
          <h2>{h.author.name}</h2>
          <p class="muted">
            {h.author.userId ? 'account' : 'guest'} · first seen {new Date(h.author.firstSeen).toLocaleDateString()}
          </p>
          <p>
            {h.counts.approved ?? 0} approved · {h.counts.pending ?? 0} pending · {h.counts.rejected ?? 0} rejected · rejection rate{' '}
            <b>{Math.round(h.rejectionRate * 100)}%</b>
          </p>
          {h.standing ? (
            <div class="standing">
              <button type="button" onClick={() => void standing({ banned: !h.standing!.site.banned })}>
                {h.standing.site.banned ? 'Unban' : 'Ban'}
              </button>
              <button type="button" onClick={() => void standing({ suspendedUntil: h.standing!.site.suspendedUntil ? null : new Date(Date.now() + 7 * 86_400_000).toISOString() })}>
                {h.standing.site.suspendedUntil ? 'Lift suspension' : 'Suspend 7 days'}
              </button>
              <button type="button" onClick={() => void standing({ premoderated: !h.standing!.site.premoderated })}>
                {h.standing.site.premoderated ? 'Stop pre-moderating' : 'Always pre-moderate'}
              </button>
            </div>
          ) : (
            <p class="muted">A guest has no account: notes and history only.</p>
          )}
          {error && <p class="message error">{error}</p>}
          <h3>Notes</h3>
          <form onSubmit={addNote}>
            <textarea value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} maxLength={2000} rows={2} aria-label="New note" />
            <button type="submit">Add note</button>
          </form>
          <ul class="notes">
            {h.notes.map((n) => (
              <li key={n.id}>
                {n.body} <span class="muted">— {n.moderatorName ?? 'moderator'}, {new Date(n.createdAt).toLocaleString()}</span>
              </li>
            ))}
          </ul>
          <h3>Recent comments</h3>
          <ul class="history">
            {h.recent.map((c) => (
              <li key={c.id}>
                <span class={`status status-${c.status}`}>{c.status}</span> <span class="muted">{c.storyTitle}</span>
                <div dangerouslySetInnerHTML={{ __html: c.html }} />
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}
