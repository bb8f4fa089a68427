import { useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import type { EmbedSettings, LiveEventData, StoryView, ThreadSort } from '../../shared/api.js';
import type { MountOptions } from '../../shared/config.js';
import { authFrom } from '../../shared/messages.js';
import { Api } from './api.js';
import { Items } from './Comment.js';
import { Composer } from './Composer.js';
import { Ctx, type WidgetContext } from './context.js';
import type { I18n } from './i18n.js';
import { follow } from './live.js';
import { auth as authStore, expired, voterToken, type Auth } from './storage.js';
import { focusLoaded, onTreeKey } from './tree-keys.js';
import { Thread } from './thread.js';

const SORTS: ThreadSort[] = ['newest', 'oldest', 'best', 'replies'];

/** A fresh random nonce for one sign-in popup: the popup's answer must echo it. */
function makeNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The comment a permalink points at: #agora-comment-ID or ?agora-comment=ID. */
function linkedComment(): string | null {
  const hash = /^#agora-comment-([A-Za-z0-9_-]+)$/.exec(location.hash)?.[1];
  return hash ?? new URLSearchParams(location.search).get('agora-comment');
}

export function App({ opts, i18n }: { opts: MountOptions; i18n: I18n }) {
  const { t } = i18n;
  const [, bump] = useReducer((n: number) => n + 1, 0);
  const [phase, setPhase] = useState<'loading' | 'error' | 'ready'>('loading');
  const [error, setError] = useState('');
  const [live, setLive] = useState(false);
  const [story, setStory] = useState<StoryView | null>(null);
  const [settings, setSettings] = useState<EmbedSettings | null>(null);
  const [sort, setSort] = useState<ThreadSort>('newest');
  const [auth, setAuth] = useState<Auth | null>(() => authStore.get(opts.site));
  const [focusId, setFocusId] = useState<string | null>(null);
  const [open, setOpen] = useState<WidgetContext['open']>(null);
  const [announcement, setAnnouncement] = useState('');
  const [target, setTarget] = useState<string | null>(linkedComment);
  const [loadingMore, setLoadingMore] = useState(false);
  const thread = useRef(new Thread()).current;
  const reacted = useRef(new Set<string>()).current;
  const authRef = useRef(auth);
  authRef.current = auth;
  const nonce = useRef<string | null>(null);
  function dropAuth() {
    authRef.current = null;
    authStore.set(opts.site, null);
    setAuth(null);
  }
  // An expired token is dropped before it is sent; one the server refuses is dropped and the request retried as a guest.
  const currentToken = () => {
    const a = authRef.current;
    if (a && expired(a)) dropAuth();
    return authRef.current?.token ?? null;
  };
  const api = useMemo(() => new Api(opts.api, opts.site, currentToken, t('networkError'), dropAuth), []);
  const pageSize = Math.min(100, Math.max(1, opts.pageSize ?? 20));
  const pageUrl = location.href.split('#')[0]!.replace(/[?&]agora-comment=[^&]*/, '');
  const treeRef = useRef<HTMLUListElement>(null);
  const livePosition = useRef<string | undefined>(undefined);
  /** The sort chosen last, for the live stream's reload (its handlers outlive the render that made them). */
  const sortRef = useRef(sort);
  sortRef.current = sort;
  /** Counts loads: an answer to an earlier one (a sort left since, or its next page) that arrives late is dropped. */
  const loads = useRef(0);

  async function load(nextSort: ThreadSort) {
    const n = ++loads.current;
    setPhase('loading');
    try {
      const ref = opts.identifier ? { identifier: opts.identifier, url: opts.url ?? pageUrl } : { url: opts.url ?? pageUrl };
      const r = await api.embed({ ...ref, ...(opts.title ? { title: opts.title } : {}) }, nextSort, pageSize);
      if (n !== loads.current) return;
      thread.addPage(r.page.comments, true);
      thread.nextCursor = r.page.nextCursor;
      livePosition.current = r.livePosition;
      setStory(r.story);
      setSettings(r.settings);
      if (target) await showLinked(target);
      setPhase('ready');
      performance.mark('agora:rendered-data');
      if (voterToken(false)) {
        api.myReactions(r.story.id).then((m) => {
          for (const id of m.commentIds) reacted.add(id);
          bump(0);
        }, () => {});
      }
    } catch (err) {
      if (n !== loads.current) return;
      setError(err instanceof Error ? err.message : String(err));
      setPhase('error');
    }
  }

  /** Opens the thread at a permalinked comment: its chain of ancestors is loaded when it is not on the page. */
  async function showLinked(id: string) {
    if (thread.nodes.has(id)) return;
    try {
      const { comment, ancestors } = await api.withAncestors(id);
      const chain = [...ancestors, comment];
      const root = chain[0]!;
      thread.addTop({ ...root, replies: [] }, true);
      for (let i = 1; i < chain.length; i++) thread.addReply(i === chain.length - 1 ? comment : { ...chain[i]!, replies: [] }, false);
    } catch {
      setTarget(null);
    }
  }

  useEffect(() => {
    void load(sort);
    const onMessage = (e: MessageEvent) => {
      const m = authFrom(e, opts.api, nonce.current);
      if (!m) return;
      nonce.current = null;
      const value: Auth = { token: m.token, expiresAt: m.expiresAt, user: { id: m.user.id, name: m.user.displayName } };
      if (expired(value)) return;
      authRef.current = value;
      authStore.set(opts.site, value);
      setAuth(value);
      setAnnouncement(t('signedInAs', { name: value.user.name }));
    };
    // A permalink followed within the page (or pasted into the address bar) opens the thread there.
    const onHash = () => {
      const id = linkedComment();
      if (id) void showLinked(id).then(() => setTarget(id));
    };
    window.addEventListener('message', onMessage);
    window.addEventListener('hashchange', onHash);
    return () => {
      window.removeEventListener('message', onMessage);
      window.removeEventListener('hashchange', onHash);
    };
  }, []);

  // Live updates: replies land under their parent at once; new top-level comments wait behind a button.
  useEffect(() => {
    if (!story) return;
    return follow({
      url: (last) => api.eventsUrl(story.id, last),
      from: livePosition.current,
      onOpen: () => setLive(true),
      onReset: () => void load(sortRef.current),
      onEvent: (data: LiveEventData) => {
        // The heading counts what is published, also a comment already shown (one's own, held until now).
        if (data.type === 'comment.added') thread.count(data.comment.id, 1);
        if (data.type === 'comment.removed') {
          thread.count(data.id, -1);
          thread.remove(data.id, data.parentId);
        } else if (thread.nodes.has(data.comment.id)) {
          const node = thread.nodes.get(data.comment.id)!;
          node.c = { ...data.comment, replies: [] };
          node.pending = false;
        } else if (data.type === 'comment.added') {
          const c = data.comment;
          if (c.parentId) {
            if (thread.addReply(c)) setAnnouncement(t('announceReply', { name: c.author.name }));
          } else if (!thread.incoming.some((x) => x.id === c.id)) {
            thread.incoming.push(c);
            setAnnouncement(t('announceNew', { n: thread.incoming.length }));
          }
        }
        bump(0);
      },
    });
  }, [story?.id]);

  // After a permalink opens, bring the comment into view and give it focus.
  useEffect(() => {
    if (phase !== 'ready' || !target) return;
    const el = treeRef.current?.querySelector<HTMLElement>(`[data-comment-id="${target}"]`);
    if (el) {
      setFocusId(target);
      el.scrollIntoView({ block: 'center' });
      el.focus({ preventScroll: true });
    }
  }, [phase, target]);

  useEffect(() => {
    if (phase === 'ready') requestAnimationFrame(() => performance.mark('agora:painted'));
  }, [phase]);

  if (phase === 'loading' && !story) return <p class="status" role="status">{t('loading')}</p>;
  if (phase === 'error' || !story || !settings)
    return (
      <div class="status" role="alert">
        <p>{t('loadFailed')} {error}</p>
        <button type="button" class="primary" onClick={() => void load(sort)}>{t('retry')}</button>
      </div>
    );

  const ctx: WidgetContext = {
    api,
    i18n,
    thread,
    story,
    settings,
    auth,
    reacted,
    focusId: focusId && thread.nodes.has(focusId) ? focusId : (thread.top[0] ?? null),
    sort,
    open,
    target,
    pageUrl,
    setOpen,
    setFocus: setFocusId,
    refresh: () => bump(0),
    announce: setAnnouncement,
    signIn,
  };

  function signIn() {
    nonce.current = makeNonce();
    const q = new URLSearchParams({ site: opts.site, origin: location.origin, nonce: nonce.current });
    const url = `${opts.api}/auth/popup?${q}`;
    const popup = window.open(url, 'agora-sign-in', 'popup,width=480,height=640');
    if (!popup) setAnnouncement(t('popupBlocked'));
  }
  function signOut() {
    const token = authRef.current?.token;
    dropAuth();
    // Best effort: the token is gone from this page either way; the server forgets it too when reachable.
    if (token) api.signOut(token).catch(() => {});
  }
  async function more(e: Event) {
    if (!thread.nextCursor || !story) return;
    const button = e.currentTarget as HTMLElement;
    const n = loads.current;
    setLoadingMore(true);
    try {
      const page = await api.thread(story.id, sort, pageSize, thread.nextCursor);
      if (n !== loads.current) return;
      const shown = new Set(thread.top);
      thread.addPage(page.comments, false);
      thread.nextCursor = page.nextCursor;
      focusLoaded(button, page.comments.find((c) => !shown.has(c.id))?.id);
    } catch (err) {
      setAnnouncement(err instanceof Error ? err.message : String(err));
    } finally {
      setLoadingMore(false);
    }
  }
  function showIncoming() {
    const fresh = thread.incoming;
    thread.incoming = [];
    for (const c of [...fresh].reverse()) thread.addTop(c, sort === 'newest');
    const first = fresh.at(-1)?.id;
    bump(0);
    if (first) {
      setFocusId(first);
      requestAnimationFrame(() => treeRef.current?.querySelector<HTMLElement>(`[data-comment-id="${first}"]`)?.focus());
    }
  }

  const count = story.commentCount + thread.countChange();
  return (
    <Ctx.Provider value={ctx}>
      <section class="thread" aria-labelledby="agora-title" data-live={live ? 'open' : 'connecting'}>
        <header class="thread__head">
          <h2 id="agora-title">{t('title', { n: count })}</h2>
          <div class="account">
            {auth ? (
              <>
                <span>{t('signedInAs', { name: auth.user.name })}</span>
                <button type="button" class="link" onClick={signOut}>{t('signOut')}</button>
              </>
            ) : (
              <button type="button" class="link" onClick={signIn}>{t('signIn')}</button>
            )}
          </div>
        </header>
        {story.closed ? <p class="notice">{t('closed')}</p> : <Composer mode="new" />}
        <div class="toolbar">
          <label>
            <span>{t('sortLabel')}</span>{' '}
            <select
              value={sort}
              onChange={(e) => {
                const s = (e.target as HTMLSelectElement).value as ThreadSort;
                setSort(s);
                void load(s);
              }}
            >
              {SORTS.map((s) => (
                <option key={s} value={s}>{t(`sort.${s}`)}</option>
              ))}
            </select>
          </label>
          {thread.incoming.length > 0 && (
            <button type="button" class="new-comments" onClick={showIncoming}>
              {t('newComments', { n: thread.incoming.length })}
            </button>
          )}
        </div>
        <ul class="tree" role="tree" aria-label={t('commentsLabel')} ref={treeRef} onKeyDown={(e) => onTreeKey(e, ctx)} aria-busy={phase === 'loading'}>
          <Items ids={thread.top} level={1} />
        </ul>
        {thread.nextCursor && (
          <button type="button" class="more" disabled={loadingMore} onClick={more}>{t('moreComments')}</button>
        )}
        <div class="sr-only" aria-live="polite" aria-atomic="true">{announcement}</div>
      </section>
    </Ctx.Provider>
  );
}
