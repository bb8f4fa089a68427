import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, qs } from './api.js';
import { AuditView } from './AuditView.js';
import { AuthorPanel } from './AuthorPanel.js';
import { Dashboard } from './Dashboard.js';
import { isTyping, SHORTCUTS } from './keys.js';
import { QueueView } from './QueueView.js';
import { SettingsView } from './SettingsView.js';
import { QUEUES, type Counts, type Queue } from './types.js';
import { WebhooksView } from './WebhooksView.js';

type View = 'queues' | 'dashboard' | 'audit' | 'settings' | 'webhooks';
const COUNTS_EVERY_MS = 5000;

export function App() {
  const [me, setMe] = useState<{ user: { displayName: string }; sites: Array<{ id: string; name: string; configure: boolean }> } | null>(null);
  const [fatal, setFatal] = useState<string | null>(null);
  const [siteId, setSiteId] = useState('');
  const [view, setView] = useState<View>('queues');
  const [queue, setQueue] = useState<Queue>('pending');
  const [storyId, setStoryId] = useState('');
  const [counts, setCounts] = useState<Counts | null>(null);
  const [help, setHelp] = useState(false);
  const [author, setAuthor] = useState<string | null>(null);
  const [search, setSearch] = useState({ q: '', author: '', status: '', min: '', max: '' });
  const [activeSearch, setActiveSearch] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    api<NonNullable<typeof me>>('/sites').then(
      (r) => {
        setMe(r);
        setSiteId(r.sites[0]?.id ?? '');
      },
      (e: Error) => setFatal(e instanceof ApiError && e.status === 401 ? 'Sign in to moderate.' : e.message),
    );
  }, []);

  const refreshCounts = useCallback(() => {
    if (!siteId) return;
    api<{ counts: Counts }>(`/sites/${siteId}/counts${qs({ storyId })}`).then(
      (r) => setCounts(r.counts),
      () => {
        // A missed poll is retried on the next tick.
      },
    );
  }, [siteId, storyId]);

  useEffect(() => {
    refreshCounts();
    const timer = setInterval(refreshCounts, COUNTS_EVERY_MS);
    return () => clearInterval(timer);
  }, [refreshCounts]);

  // A layout effect re-binds the handler in the same task as the render, so a key pressed right after a change
  // (j then a, typed fast) always acts on what the page now shows, never on the previous state.
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        if (help) setHelp(false);
        else if (author) setAuthor(null);
        else if (isTyping(e)) (e.target as HTMLElement).blur();
        return;
      }
      if (isTyping(e) || view === 'queues') return;
      // Outside the queues, ? and the number keys still work.
      if (e.key === '?') setHelp((h) => !h);
      else if (/^[1-6]$/.test(e.key)) {
        setView('queues');
        setQueue(QUEUES[Number(e.key) - 1]!);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [help, author, view]);

  if (fatal) return <p class="signin">{fatal} <a href="/account">Your account</a></p>;
  if (!me) return <p class="loading">Loading…</p>;
  if (me.sites.length === 0) return <p class="signin">You moderate no site. Ask an admin to make you a moderator.</p>;

  // Admin views follow what the server says of this site; the API refuses anyone else regardless.
  const configure = me.sites.find((s) => s.id === siteId)?.configure ?? false;
  const views: View[] = configure ? ['queues', 'dashboard', 'audit', 'settings', 'webhooks'] : ['queues', 'dashboard', 'audit', 'settings'];

  const runSearch = (e: Event) => {
    e.preventDefault();
    const s = search;
    setActiveSearch(qs({ q: s.q, author: s.author, status: s.status, minScore: s.min, maxScore: s.max, limit: 25 }) || '?');
    setView('queues');
    searchRef.current?.blur();
  };

  return (
    <div class="workspace">
      <header class="top">
        <h1>Moderation</h1>
        <select aria-label="Site" value={siteId} onChange={(e) => setSiteId((e.target as HTMLSelectElement).value)}>
          {me.sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
        <nav class="views">
          {views.map((v) => (
            <button type="button" key={v} aria-pressed={view === v} onClick={() => setView(v)}>
              {v}
            </button>
          ))}
        </nav>
        <form class="search" onSubmit={runSearch} role="search">
          <input ref={searchRef} type="search" placeholder="Search comments (/)" value={search.q} onInput={(e) => setSearch({ ...search, q: (e.target as HTMLInputElement).value })} aria-label="Search text" />
          <input placeholder="author" value={search.author} onInput={(e) => setSearch({ ...search, author: (e.target as HTMLInputElement).value })} aria-label="Author" />
          <select value={search.status} onChange={(e) => setSearch({ ...search, status: (e.target as HTMLSelectElement).value })} aria-label="Status">
            <option value="">any status</option>
            <option>pending</option>
            <option>approved</option>
            <option>rejected</option>
            <option>deleted</option>
          </select>
          <input class="score" placeholder="min" value={search.min} onInput={(e) => setSearch({ ...search, min: (e.target as HTMLInputElement).value })} aria-label="Lowest toxicity" />
          <input class="score" placeholder="max" value={search.max} onInput={(e) => setSearch({ ...search, max: (e.target as HTMLInputElement).value })} aria-label="Highest toxicity" />
          <button type="submit">Search</button>
        </form>
        <span class="muted">{me.user.displayName}</span>
        <button type="button" class="help-button" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts">
          ?
        </button>
      </header>
      {view === 'queues' && (
        <nav class="queues">
          {QUEUES.map((q, i) => (
            <button
              type="button"
              key={q}
              data-queue={q}
              aria-pressed={activeSearch === null && queue === q}
              onClick={() => {
                setActiveSearch(null);
                setQueue(q);
              }}
            >
              <kbd>{i + 1}</kbd> {q} <span class="count">{counts ? counts[q] : '…'}</span>
            </button>
          ))}
          <input class="story-filter" placeholder="story id" value={storyId} onChange={(e) => setStoryId((e.target as HTMLInputElement).value.trim())} aria-label="Only this story" />
          {activeSearch !== null && (
            <button type="button" onClick={() => setActiveSearch(null)}>
              Clear search
            </button>
          )}
        </nav>
      )}
      <main class={author ? 'with-panel' : ''}>
        {view === 'queues' && (
          <QueueView
            siteId={siteId}
            queue={queue}
            storyId={storyId}
            search={activeSearch}
            overlayOpen={help || author !== null}
            onQueue={(q) => {
              setActiveSearch(null);
              setQueue(q);
            }}
            onSearchKey={() => searchRef.current?.focus()}
            onHelp={() => setHelp(true)}
            onAuthor={setAuthor}
            onChanged={refreshCounts}
          />
        )}
        {view === 'dashboard' && <Dashboard siteId={siteId} />}
        {view === 'audit' && <AuditView siteId={siteId} />}
        {view === 'settings' && <SettingsView siteId={siteId} />}
        {view === 'webhooks' && (configure ? <WebhooksView siteId={siteId} /> : <p class="signin">Only the site's administrators manage its webhooks.</p>)}
        {author && <AuthorPanel siteId={siteId} authorId={author} onClose={() => setAuthor(null)} />}
      </main>
      {help && (
        <div class="dialog help" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts">
          <div>
            <h2>Keyboard shortcuts</h2>
            <dl>
              {SHORTCUTS.map(([k, what]) => (
                <div key={k}>
                  <dt>
                    <kbd>{k}</kbd>
                  </dt>
                  <dd>{what}</dd>
                </div>
              ))}
            </dl>
            <button type="button" onClick={() => setHelp(false)}>
              Close (Esc)
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
