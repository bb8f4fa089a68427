import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, qs } from './api.js';
import { ItemCard } from './ItemCard.js';
import { isTyping } from './keys.js';
import { QUEUES, type Action, type Item, type Page, type Queue } from './types.js';

const REJECT_REASONS = ['Personal attack', 'Hate speech', 'Spam or advertising', 'Off topic', 'Threat or harassment'];

/** Whether an item still belongs in the queue after a decision. */
function belongs(item: Item, queue: Queue): boolean {
  switch (queue) {
    case 'pending':
      return item.status === 'pending';
    case 'reported':
      return item.reports.length > 0 && (item.status === 'approved' || item.status === 'pending');
    case 'flagged':
      return item.status !== 'deleted';
    case 'unmoderated':
      return item.status === 'approved' && !item.reviewed;
    case 'approved':
      return item.status === 'approved';
    case 'rejected':
      return item.status === 'rejected';
  }
}

export interface QueueViewProps {
  siteId: string;
  queue: Queue;
  storyId: string;
  /** Set when searching: the list comes from the search endpoint instead of a queue. */
  search: string | null;
  onQueue: (q: Queue) => void;
  onSearchKey: () => void;
  onHelp: () => void;
  onAuthor: (authorId: string) => void;
  onChanged: () => void;
  overlayOpen: boolean;
}

export function QueueView(props: QueueViewProps) {
  const [items, setItems] = useState<Item[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [focus, setFocus] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [rejecting, setRejecting] = useState<string[] | null>(null);
  const [reason, setReason] = useState(REJECT_REASONS[0]!);
  const [loading, setLoading] = useState(true);
  /** Decisions made here, newest last: what `u` undoes, with where the item sat. */
  const history = useRef<Array<{ item: Item; index: number }>>([]);
  const listRef = useRef<HTMLDivElement>(null);

  const load = useCallback(
    async (more = false) => {
      setLoading(true);
      try {
        const base = `/sites/${props.siteId}`;
        const page = props.search !== null
          ? await api<Page>(`${base}/search${props.search}${more && cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
          : await api<Page>(`${base}/queues/${props.queue}${qs({ storyId: props.storyId, limit: 25, cursor: more ? cursor : null })}`);
        setItems((old) => (more ? [...old, ...page.items] : page.items));
        setCursor(page.nextCursor);
        if (!more) {
          setFocus(0);
          setSelected(new Set());
        }
      } catch (err) {
        setMessage({ kind: 'error', text: (err as Error).message });
      } finally {
        setLoading(false);
      }
    },
    [props.siteId, props.queue, props.storyId, props.search, cursor],
  );

  useEffect(() => {
    void load(false);
  }, [props.siteId, props.queue, props.storyId, props.search]);

  useEffect(() => {
    listRef.current?.querySelector('.item.focused')?.scrollIntoView({ block: 'nearest' });
  }, [focus, items]);

  const replace = (updated: Item[]) => {
    setItems((old) => {
      const byId = new Map(updated.map((u) => [u.id, u]));
      const next = old.map((i) => byId.get(i.id) ?? i).filter((i) => props.search !== null || belongs(i, props.queue));
      setFocus((f) => Math.max(0, Math.min(f, next.length - 1)));
      return next;
    });
    props.onChanged();
  };

  const decide = async (action: Action, targets: Item[], why?: string) => {
    if (targets.length === 0) return;
    setMessage(null);
    try {
      if (targets.length === 1) {
        const t = targets[0]!;
        const index = items.findIndex((i) => i.id === t.id);
        const { item } = await api<{ item: Item }>(`/sites/${props.siteId}/comments/${t.id}/decisions`, {
          method: 'POST',
          body: { action, expectedStatus: t.status, ...(why ? { reason: why } : {}) },
        });
        history.current.push({ item, index });
        replace([item]);
        setMessage({ kind: 'ok', text: `${action}d: ${t.author.name}` });
      } else {
        const { results } = await api<{ results: Array<{ commentId: string; ok: boolean; item?: Item; error?: { message: string } }> }>(`/sites/${props.siteId}/decisions`, {
          method: 'POST',
          body: { action, items: targets.map((t) => ({ commentId: t.id, expectedStatus: t.status })), ...(why ? { reason: why } : {}) },
        });
        const done = results.filter((r) => r.ok && r.item).map((r) => r.item!);
        replace(done);
        setSelected(new Set());
        const failed = results.filter((r) => !r.ok);
        setMessage(failed.length ? { kind: 'error', text: `${done.length} done; ${failed.length} failed: ${failed[0]?.error?.message ?? ''}` } : { kind: 'ok', text: `${action}d ${done.length} comments` });
      }
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof ApiError && err.status === 409 ? `Someone else changed this comment: ${err.message}. Reloaded.` : (err as Error).message });
      if (err instanceof ApiError && err.status === 409) void load(false);
    }
  };

  const undo = async () => {
    const last = history.current.pop();
    if (!last) return setMessage({ kind: 'error', text: 'nothing to undo' });
    try {
      const { item } = await api<{ item: Item }>(`/sites/${props.siteId}/comments/${last.item.id}/undo`, { method: 'POST' });
      setItems((old) => {
        const without = old.filter((i) => i.id !== item.id);
        if (props.search === null && !belongs(item, props.queue)) return without;
        const at = Math.min(last.index < 0 ? 0 : last.index, without.length);
        setFocus(at);
        return [...without.slice(0, at), item, ...without.slice(at)];
      });
      props.onChanged();
      setMessage({ kind: 'ok', text: `undone: ${item.author.name} is ${item.status} again` });
    } catch (err) {
      setMessage({ kind: 'error', text: (err as Error).message });
    }
  };

  const targets = (): Item[] => {
    if (selected.size > 0) return items.filter((i) => selected.has(i.id));
    const f = items[focus];
    return f ? [f] : [];
  };

  const confirmReject = () => {
    const ids = rejecting;
    setRejecting(null);
    if (ids) void decide('reject', items.filter((i) => ids.includes(i.id)), reason);
  };

  // A layout effect re-binds the handler in the same task as the render, so a key pressed right after a change
  // (j then a, typed fast) always acts on what the page now shows, never on the previous state.
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (rejecting) {
        if (e.key === 'Escape') setRejecting(null);
        if (e.key === 'Enter' && !(e.target instanceof HTMLTextAreaElement)) {
          e.preventDefault();
          confirmReject();
        }
        return;
      }
      if (isTyping(e) || props.overlayOpen) return;
      const current = items[focus];
      const k = e.key;
      if (k === 'j') setFocus((f) => Math.min(f + 1, Math.max(0, items.length - 1)));
      else if (k === 'k') setFocus((f) => Math.max(0, f - 1));
      else if (k === 'a') void decide('approve', targets());
      else if (k === 'r') {
        const t = targets();
        if (t.length) setRejecting(t.map((i) => i.id));
      } else if (k === 'f' && current) void decide(current.featured ? 'unfeature' : 'feature', [current]);
      else if (k === 'p' && current) void decide(current.pinned ? 'unpin' : 'pin', [current]);
      else if (k === 'u') void undo();
      else if (k === 'x' && current) {
        setSelected((s) => {
          const n = new Set(s);
          if (n.has(current.id)) n.delete(current.id);
          else n.add(current.id);
          return n;
        });
      } else if (k === 'h' && current) props.onAuthor(current.author.id);
      else if (k === '/') props.onSearchKey();
      else if (k === '?') props.onHelp();
      else if (/^[1-6]$/.test(k)) props.onQueue(QUEUES[Number(k) - 1]!);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <section class="queue" aria-busy={loading}>
      <div class="toolbar">
        <button type="button" onClick={() => void decide('approve', targets())}>Approve (a)</button>
        <button type="button" onClick={() => targets().length && setRejecting(targets().map((i) => i.id))}>Reject (r)</button>
        <button type="button" onClick={() => void undo()}>Undo (u)</button>
        <span class="muted">{selected.size ? `${selected.size} selected` : 'x selects for bulk actions'}</span>
        {message && (
          <span class={`message ${message.kind}`} role="status">
            {message.text}
          </span>
        )}
      </div>
      <div class="items" ref={listRef}>
        {!loading && items.length === 0 && <p class="empty">Nothing here. Well done.</p>}
        {items.map((it, i) => (
          <ItemCard key={it.id} item={it} focused={i === focus} selected={selected.has(it.id)} onFocus={() => setFocus(i)} onAuthor={() => props.onAuthor(it.author.id)} />
        ))}
        {cursor && (
          <button type="button" class="more" onClick={() => void load(true)}>
            Load more
          </button>
        )}
      </div>
      {rejecting && (
        <div class="dialog" role="dialog" aria-modal="true" aria-label="Reject">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              confirmReject();
            }}
          >
            <h2>Reject {rejecting.length > 1 ? `${rejecting.length} comments` : 'comment'}</h2>
            <label>
              Reason sent to the author
              <select value={reason} onChange={(e) => setReason((e.target as HTMLSelectElement).value)} autoFocus>
                {REJECT_REASONS.map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
            </label>
            <p class="muted">Enter rejects, Esc cancels.</p>
            <button type="submit">Reject</button>{' '}
            <button type="button" onClick={() => setRejecting(null)}>
              Cancel
            </button>
          </form>
        </div>
      )}
    </section>
  );
}
