import { useContext, useState } from 'preact/hooks';
import type { ReportReason } from '../../shared/api.js';
import { Composer } from './Composer.js';
import { Ctx } from './context.js';
import { editKeys } from './storage.js';
import { focusLoaded } from './tree-keys.js';

/** Indentation stops at this level; deeper replies line up beneath it, each saying whom it answers. */
export const MAX_LEVEL = 4;
const REASONS: ReportReason[] = ['spam', 'abuse', 'offtopic', 'other'];

/** The items of one group of the tree: at the last indented level, descendants are flattened in order. */
export function Items({ ids, level }: { ids: string[]; level: number }) {
  const ctx = useContext(Ctx);
  const out: Array<{ id: string; replyingTo?: string }> = [];
  const flatten = (id: string): void => {
    const node = ctx.thread.nodes.get(id);
    if (!node) return;
    for (const child of node.children) {
      out.push({ id: child, replyingTo: node.c.author.name || ctx.i18n.t('deleted') });
      flatten(child);
    }
  };
  for (const id of ids) {
    out.push({ id });
    if (level >= MAX_LEVEL) flatten(id);
  }
  return (
    <>
      {out.map((item, i) => (
        <CommentItem key={item.id} id={item.id} level={level} replyingTo={item.replyingTo} pos={i + 1} size={out.length} />
      ))}
    </>
  );
}

function CommentItem({ id, level, replyingTo, pos, size }: { id: string; level: number; replyingTo?: string | undefined; pos: number; size: number }) {
  const ctx = useContext(Ctx);
  const { t } = ctx.i18n;
  const node = ctx.thread.nodes.get(id);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState('');
  const [reported, setReported] = useState(false);
  if (!node) return null;
  const c = node.c;
  const deleted = c.status === 'deleted';
  const flat = level >= MAX_LEVEL;
  const nested = !flat && (node.children.length > 0 || node.more > 0);
  const open = ctx.open?.id === id ? ctx.open.form : null;
  const editKey = editKeys.get(id);
  const canEdit = !!editKey && !deleted && Date.now() - Date.parse(c.createdAt) < ctx.settings.editWindowSeconds * 1000;
  const reacted = ctx.reacted.has(id);
  const label = ctx.settings.reactionLabel || t('upvote');
  const closed = ctx.story.closed;

  const act = async (fn: () => Promise<void>) => {
    setError('');
    try {
      await fn();
      ctx.refresh();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const loadMore = (e: Event) => {
    const button = e.currentTarget as HTMLElement;
    return act(async () => {
      setLoading(true);
      try {
        const page = await ctx.api.replies(id, node.cursor ?? undefined);
        const shown = new Set(node.children);
        for (const r of page.comments) ctx.thread.addReply({ ...r }, false);
        node.cursor = page.nextCursor;
        node.more = page.nextCursor ? Math.max(0, node.c.replyCount - node.children.length) : 0;
        node.collapsed = false;
        focusLoaded(button, page.comments.find((r) => !shown.has(r.id))?.id);
      } finally {
        setLoading(false);
      }
    });
  };
  const react = () =>
    act(async () => {
      const r = await ctx.api.react(id, !reacted);
      node.c = { ...node.c, upvotes: r.upvotes };
      if (r.reacted) ctx.reacted.add(id);
      else ctx.reacted.delete(id);
    });
  const remove = () =>
    act(async () => {
      if (!editKey || !confirm(t('confirmDelete'))) return;
      await ctx.api.remove(id, editKey);
      if (c.status === 'approved') ctx.thread.count(id, -1);
      ctx.thread.remove(id, c.parentId);
    });
  const report = (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    return act(async () => {
      await ctx.api.report(id, (data.get('reason') as ReportReason | null) ?? 'other', String(data.get('note') ?? ''));
      setReported(true);
      ctx.setOpen(null);
    });
  };
  const toggle = () => {
    node.collapsed = !node.collapsed;
    ctx.refresh();
  };
  const classes = ['comment', c.featured && 'comment--featured', c.pinned && 'comment--pinned', ctx.target === id && 'comment--target', node.pending && 'comment--pending', deleted && 'comment--deleted']
    .filter(Boolean)
    .join(' ');

  return (
    <li
      role="treeitem"
      id={`agora-comment-${id}`}
      data-comment-id={id}
      class={classes}
      aria-level={level}
      aria-setsize={size}
      aria-posinset={pos}
      aria-expanded={nested ? !node.collapsed : undefined}
      aria-labelledby={`agora-h-${id}`}
      aria-describedby={`agora-b-${id}`}
      tabIndex={ctx.focusId === id ? 0 : -1}
      onFocus={(e) => e.target === e.currentTarget && ctx.setFocus(id)}
    >
      <article>
        <header id={`agora-h-${id}`} class="comment__head">
          <span class="author">{deleted ? t('deleted') : c.author.name}</span>
          {c.author.badge && <span class="badge">{c.author.badge === 'staff' ? t('staff') : c.author.badge}</span>}
          {c.pinned && <span class="badge badge--pinned">{t('pinned')}</span>}
          {c.featured && <span class="badge badge--featured">{t('featured')}</span>}
          {replyingTo && <span class="replying">{t('replyingTo', { name: replyingTo })}</span>}
          <a class="time" href={`${ctx.pageUrl}#agora-comment-${id}`} tabIndex={-1}>
            <time dateTime={c.createdAt}>{ctx.i18n.date(c.createdAt)}</time>
          </a>
          {c.editedAt && <span class="edited">({t('edited')})</span>}
          {node.pending && <span class="badge badge--pending">{t('pendingLabel')}</span>}
        </header>
        {open === 'edit' ? (
          <Composer mode="edit" editing={c} onDone={() => ctx.setOpen(null)} />
        ) : (
          <div id={`agora-b-${id}`} class="body" dangerouslySetInnerHTML={{ __html: c.html }} />
        )}
        {!deleted && (
          <div class="actions">
            {!closed && !node.pending && (
              <button type="button" class="link" aria-expanded={open === 'reply'} onClick={() => ctx.setOpen(open === 'reply' ? null : { id, form: 'reply' })}>
                {t('reply')}
              </button>
            )}
            {!node.pending && (
              <button type="button" class="react" aria-pressed={reacted} onClick={react}>
                {t('reactions', { label, n: c.upvotes })}
              </button>
            )}
            {canEdit && <button type="button" class="link" onClick={() => ctx.setOpen({ id, form: 'edit' })}>{t('edit')}</button>}
            {editKey && <button type="button" class="link" onClick={remove}>{t('delete')}</button>}
            {!editKey && !reported && (
              <button type="button" class="link" aria-expanded={open === 'report'} onClick={() => ctx.setOpen(open === 'report' ? null : { id, form: 'report' })}>
                {t('report')}
              </button>
            )}
            {nested && node.children.length > 0 && (
              <button type="button" class="link" onClick={toggle}>
                {node.collapsed ? t('expand', { n: c.replyCount }) : t('collapse')}
              </button>
            )}
          </div>
        )}
        {reported && <p class="notice" role="status">{t('reported')}</p>}
        {error && <p class="error" role="alert">{error}</p>}
        {open === 'reply' && <Composer mode="reply" parent={c} onDone={() => ctx.setOpen(null)} />}
        {open === 'report' && (
          <form class="report" onSubmit={report}>
            <fieldset>
              <legend>{t('reportTitle')}</legend>
              {REASONS.map((r, i) => (
                <label key={r}>
                  <input type="radio" name="reason" value={r} defaultChecked={i === 0} /> {t(`reason.${r}`)}
                </label>
              ))}
            </fieldset>
            <label>
              <span>{t('reportNote')}</span>
              <textarea name="note" rows={2} maxLength={1000} />
            </label>
            <div class="composer__actions">
              <button type="button" class="link" onClick={() => ctx.setOpen(null)}>{t('cancel')}</button>
              <button type="submit" class="primary">{t('sendReport')}</button>
            </div>
          </form>
        )}
      </article>
      {nested && !node.collapsed && node.children.length > 0 && (
        <ul role="group">
          <Items ids={node.children} level={level + 1} />
        </ul>
      )}
      {node.more > 0 && !node.collapsed && (
        <button type="button" class="more" disabled={loading} onClick={loadMore}>
          {t('moreReplies', { n: node.more })}
        </button>
      )}
    </li>
  );
}
