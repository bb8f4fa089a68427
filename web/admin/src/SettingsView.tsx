import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import type { Settings } from './types.js';

const lines = (s: string) => s.split('\n').map((l) => l.trim()).filter(Boolean);

/** The site's moderation policy and commenting settings; saving needs an admin (the API says so otherwise). */
export function SettingsView(props: { siteId: string }) {
  const [s, setS] = useState<Settings | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  useEffect(() => {
    api<{ settings: Settings }>(`/sites/${props.siteId}/settings`).then((r) => setS(r.settings), (e: Error) => setMessage({ kind: 'error', text: e.message }));
  }, [props.siteId]);
  if (!s) return <p>{message?.text ?? 'Loading…'}</p>;
  const m = s.moderation;
  const setM = (patch: Partial<Settings['moderation']>) => setS({ ...s, moderation: { ...m, ...patch } });
  const num = (e: Event) => Number((e.target as HTMLInputElement).value);
  const save = async (e: Event) => {
    e.preventDefault();
    try {
      const r = await api<{ settings: Settings }>(`/sites/${props.siteId}/settings`, {
        method: 'PATCH',
        body: { origins: s.origins, editWindowSeconds: s.editWindowSeconds, commenters: s.commenters, moderation: s.moderation },
      });
      setS(r.settings);
      setMessage({ kind: 'ok', text: 'Saved.' });
    } catch (err) {
      setMessage({ kind: 'error', text: (err as Error).message });
    }
  };
  return (
    <form class="settings" onSubmit={save}>
      <fieldset>
        <legend>Commenting</legend>
        <label>
          Who may comment
          <select value={s.commenters} onChange={(e) => setS({ ...s, commenters: (e.target as HTMLSelectElement).value as Settings['commenters'] })}>
            <option value="both">guests and signed-in users</option>
            <option value="users">signed-in users only</option>
            <option value="guests">guests only</option>
          </select>
        </label>
        <label>
          Edit window (seconds) <input type="number" min="0" max="604800" value={s.editWindowSeconds} onInput={(e) => setS({ ...s, editWindowSeconds: num(e) })} />
        </label>
        <label>
          Allowed origins (one per line)
          <textarea rows={3} value={s.origins.join('\n')} onInput={(e) => setS({ ...s, origins: lines((e.target as HTMLTextAreaElement).value) })} />
        </label>
      </fieldset>
      <fieldset>
        <legend>Moderation policy</legend>
        <label>
          Pre-moderation
          <select value={m.premoderation} onChange={(e) => setM({ premoderation: (e.target as HTMLSelectElement).value as Settings['moderation']['premoderation'] })}>
            <option value="none">none</option>
            <option value="all">every comment</option>
            <option value="stories">listed stories</option>
          </select>
        </label>
        {(['hold', 'reject', 'identityHold', 'identityReject'] as const).map((k) => (
          <label key={k}>
            Toxicity {k} <input type="number" step="0.01" min="0" max="1.01" value={m.toxicity[k]} onInput={(e) => setM({ toxicity: { ...m.toxicity, [k]: num(e) } })} />
          </label>
        ))}
        <label>
          Banned words (one per line)
          <textarea rows={3} value={m.bannedWords.join('\n')} onInput={(e) => setM({ bannedWords: lines((e.target as HTMLTextAreaElement).value) })} />
        </label>
        <label>
          Suspect words (one per line)
          <textarea rows={3} value={m.suspectWords.join('\n')} onInput={(e) => setM({ suspectWords: lines((e.target as HTMLTextAreaElement).value) })} />
        </label>
        <label>
          Most links <input type="number" min="0" max="100" value={m.links.max} onInput={(e) => setM({ links: { ...m.links, max: num(e) } })} />
        </label>
        <label>
          Blocked domains (one per line)
          <textarea rows={2} value={m.links.blockedDomains.join('\n')} onInput={(e) => setM({ links: { ...m.links, blockedDomains: lines((e.target as HTMLTextAreaElement).value) } })} />
        </label>
        <label>
          Hold the first N comments of new authors <input type="number" min="0" max="1000" value={m.newUserHoldCount} onInput={(e) => setM({ newUserHoldCount: num(e) })} />
        </label>
        <label class="inline">
          <input type="checkbox" checked={m.warnBeforePosting} onChange={(e) => setM({ warnBeforePosting: (e.target as HTMLInputElement).checked })} /> Warn before posting a toxic comment
        </label>
      </fieldset>
      <button type="submit">Save settings</button>
      {message && <span class={`message ${message.kind}`}>{message.text}</span>}
    </form>
  );
}
