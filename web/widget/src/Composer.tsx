import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { CommentView } from '../../shared/api.js';
import { ApiError } from './api.js';
import { Ctx } from './context.js';
import { editKeys, guest } from './storage.js';

interface Props {
  mode: 'new' | 'reply' | 'edit';
  parent?: CommentView;
  editing?: CommentView;
  onDone?: (posted?: CommentView) => void;
}

/** The comment, reply and edit form: live character count, preview, the server's errors in words. */
export function Composer({ mode, parent, editing, onDone }: Props) {
  const ctx = useContext(Ctx);
  const { t } = ctx.i18n;
  const [text, setText] = useState('');
  const [who, setWho] = useState(guest.get);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [preview, setPreview] = useState<string | null>(null);
  /** The server's toxicity warning, shown with Edit and Post anyway. */
  const [nudge, setNudge] = useState('');
  /** Set once warned: the next send, revised or not, tells the server the author saw the warning. */
  const acknowledged = useRef(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const uid = useRef(`f${Math.random().toString(36).slice(2, 8)}`).current;

  useEffect(() => {
    if (editing) setText(htmlToDraft(editing.html));
    if (mode !== 'new') area.current?.focus();
  }, []);

  const max = ctx.settings.maxCommentLength;
  const length = text.trim().length;
  const over = length - max;
  const guestMode = !ctx.auth && mode !== 'edit';

  async function submit(e?: Event) {
    e?.preventDefault();
    if (busy || !length || over > 0) return;
    setBusy(true);
    setError('');
    setNotice('');
    setNudge('');
    try {
      if (mode === 'edit' && editing) {
        const key = editKeys.get(editing.id);
        if (!key) throw new ApiError(403, 'NOT_AUTHOR', t('edit'));
        const { comment } = await ctx.api.edit(editing.id, text, key);
        const node = ctx.thread.nodes.get(editing.id);
        if (node) node.c = { ...comment, replies: [] };
        onDone?.(comment);
      } else {
        if (guestMode) guest.set(who);
        // Absent rather than null: the API's type coercion would turn a null into "".
        const author = ctx.auth ? { name: ctx.auth.user.name } : { name: who.name, ...(who.email ? { email: who.email } : {}) };
        const warning = acknowledged.current ? { warning: 'acknowledged' as const } : {};
        const posted = await ctx.api.post(ctx.story.id, { body: text, ...(parent ? { parentId: parent.id } : {}), author, ...warning });
        acknowledged.current = false;
        editKeys.set(posted.comment.id, posted.editKey);
        if (posted.comment.status === 'approved') ctx.thread.count(posted.comment.id, 1);
        if (parent) ctx.thread.addReply(posted.comment);
        // Oldest first, a new comment belongs last, which is on screen only once every page is loaded; otherwise it
        // goes first so its author sees it (the later page that holds it does not list it again).
        else ctx.thread.addTop(posted.comment, ctx.sort !== 'oldest' || ctx.thread.nextCursor !== null);
        const node = ctx.thread.nodes.get(posted.comment.id);
        if (node && posted.pending) node.pending = true;
        setText('');
        setPreview(null);
        if (posted.pending) setNotice(t('pending'));
        onDone?.(posted.comment);
      }
      ctx.refresh();
    } catch (err) {
      // The text stays in the form: nothing a reader wrote is lost to a failed request.
      if (err instanceof ApiError && err.code === 'TOXIC_WARNING') {
        acknowledged.current = true;
        setNudge(err.message);
      } else setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  /** "Edit" after the warning: back to the text as written, cursor at its end. */
  function revise() {
    setNudge('');
    setPreview(null);
    requestAnimationFrame(() => {
      const el = area.current;
      if (!el) return;
      el.focus();
      el.setSelectionRange(el.value.length, el.value.length);
    });
  }

  async function togglePreview() {
    if (preview !== null) return setPreview(null);
    try {
      setPreview((await ctx.api.preview(text)).html);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }

  const label = mode === 'reply' && parent ? t('writeReply', { name: parent.author.name }) : mode === 'edit' ? t('edit') : t('write');
  return (
    <form class={`composer composer--${mode}`} onSubmit={submit} aria-label={label} noValidate>
      <label class="sr-only" for={`${uid}-text`}>{label}</label>
      {preview === null ? (
        <textarea
          id={`${uid}-text`}
          ref={area}
          value={text}
          placeholder={label}
          rows={mode === 'new' ? 4 : 3}
          aria-describedby={`${uid}-count ${uid}-help`}
          aria-invalid={over > 0}
          onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
        />
      ) : (
        <div class="preview body" dangerouslySetInnerHTML={{ __html: preview }} />
      )}
      <div class="composer__meta">
        <span id={`${uid}-help`} class="help">{t('formatHelp')}</span>
        <span id={`${uid}-count`} class={over > 0 ? 'count count--over' : 'count'}>
          {over > 0 ? t('tooLong', { n: over }) : t('chars', { n: length, max })}
        </span>
      </div>
      {guestMode && (
        <div class="composer__guest">
          <label>
            <span>{t('name')}</span>
            <input value={who.name} required maxLength={80} autoComplete="name" onInput={(e) => setWho({ ...who, name: (e.target as HTMLInputElement).value })} />
          </label>
          <label>
            <span>{t('email')}</span>
            <input type="email" value={who.email} maxLength={254} autoComplete="email" onInput={(e) => setWho({ ...who, email: (e.target as HTMLInputElement).value })} />
          </label>
        </div>
      )}
      {error && <p class="error" role="alert">{error}</p>}
      {nudge && (
        <div class="nudge" role="alert">
          <p>{nudge}</p>
          <div class="composer__actions">
            <button type="button" class="link" onClick={revise}>{t('nudgeEdit')}</button>
            <button type="button" class="primary" disabled={busy} onClick={() => void submit()}>{t('postAnyway')}</button>
          </div>
        </div>
      )}
      {notice && <p class="notice" role="status">{notice}</p>}
      <div class="composer__actions">
        <button type="button" class="link" onClick={togglePreview} disabled={!length}>{preview === null ? t('preview') : t('editText')}</button>
        {onDone && mode !== 'new' && <button type="button" class="link" onClick={() => onDone()}>{t('cancel')}</button>}
        <button type="submit" class="primary" disabled={busy || !length || over > 0}>
          {busy ? t('posting') : mode === 'edit' ? t('save') : mode === 'reply' ? t('postReply') : t('post')}
        </button>
      </div>
    </form>
  );
}

/** Best-effort Markdown from the rendered HTML of one's own comment (the API does not return the source). */
function htmlToDraft(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const walk = (n: Node): string => {
    if (n.nodeType === 3) return n.textContent ?? '';
    const el = n as Element;
    const inner = [...el.childNodes].map(walk).join('');
    switch (el.tagName) {
      case 'STRONG': return `**${inner}**`;
      case 'EM': return `*${inner}*`;
      case 'CODE': return el.parentElement?.tagName === 'PRE' ? inner : `\`${inner}\``;
      case 'PRE': return `\`\`\`\n${inner}\n\`\`\`\n\n`;
      case 'A': return `[${inner}](${el.getAttribute('href') ?? ''})`;
      case 'BR': return '\n';
      case 'P': return `${inner}\n\n`;
      case 'BLOCKQUOTE': return inner.trim().split('\n').map((l) => `> ${l}`).join('\n') + '\n\n';
      case 'LI': return `- ${inner}\n`;
      default: return inner;
    }
  };
  return walk(doc.body).trim();
}
