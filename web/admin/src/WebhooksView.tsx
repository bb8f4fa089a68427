import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import { WEBHOOK_EVENTS, type Webhook, type WebhookDelivery } from './types.js';

type Message = { kind: 'ok' | 'error'; text: string } | null;

/** One webhook's delivery attempts, newest first (the API's order). */
function DeliveryLog(props: { siteId: string; webhookId: string }) {
  const [deliveries, setDeliveries] = useState<WebhookDelivery[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => {
    setError(null);
    api<{ deliveries: WebhookDelivery[] }>(`/sites/${props.siteId}/webhooks/${props.webhookId}/deliveries?limit=100`, {
      base: '/api/v1',
    }).then(
      (r) => setDeliveries(r.deliveries),
      (e: Error) => setError(e.message),
    );
  };
  useEffect(load, [props.siteId, props.webhookId]);
  if (error) return <p class="message error">{error}</p>;
  if (!deliveries) return <p>Loading…</p>;
  return (
    <div class="deliveries">
      <button type="button" onClick={load}>
        Refresh
      </button>
      {deliveries.length === 0 ? (
        <p class="muted">No deliveries yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>When</th>
              <th>Event</th>
              <th>Attempt</th>
              <th>Status</th>
              <th>Duration</th>
              <th>Error</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <tr key={d.id} data-delivery-id={d.id} class={d.error ? 'failed' : ''}>
                <td>{new Date(d.createdAt).toLocaleString()}</td>
                <td>{d.eventType}</td>
                <td>{d.attempt}</td>
                <td>{d.statusCode ?? '—'}</td>
                <td>{d.durationMs} ms</td>
                <td>{d.error ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** The site's webhooks (administrators only; the API refuses anyone else): list, add, disable, delivery logs. */
export function WebhooksView(props: { siteId: string }) {
  const [hooks, setHooks] = useState<Webhook[] | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>(['comment.created']);
  const [secret, setSecret] = useState<{ webhookId: string; value: string } | null>(null);
  const [open, setOpen] = useState<string | null>(null);

  const load = () =>
    api<{ webhooks: Webhook[] }>(`/sites/${props.siteId}/webhooks`, { base: '/api/v1' }).then(
      (r) => setHooks(r.webhooks),
      (e: Error) => setMessage({ kind: 'error', text: e.message }),
    );
  useEffect(() => {
    setHooks(null);
    setSecret(null);
    setOpen(null);
    setMessage(null);
    void load();
  }, [props.siteId]);

  const add = async (e: Event) => {
    e.preventDefault();
    try {
      const r = await api<{ webhook: Webhook; secret: string }>(`/sites/${props.siteId}/webhooks`, {
        method: 'POST',
        base: '/api/v1',
        body: { url: url.trim(), events },
      });
      setSecret({ webhookId: r.webhook.id, value: r.secret });
      setUrl('');
      setMessage(null);
      await load();
    } catch (err) {
      setMessage({ kind: 'error', text: (err as Error).message });
    }
  };
  const disable = async (hook: Webhook) => {
    if (!window.confirm(`Stop sending events to ${hook.url}? Deliveries still queued are dropped.`)) return;
    try {
      await api(`/sites/${props.siteId}/webhooks/${hook.id}`, { method: 'DELETE', base: '/api/v1' });
      await load();
    } catch (err) {
      setMessage({ kind: 'error', text: (err as Error).message });
    }
  };
  const toggleEvent = (name: string, on: boolean) => setEvents(on ? [...events, name] : events.filter((x) => x !== name));

  return (
    <section class="webhooks">
      <form class="settings" onSubmit={add}>
        <fieldset>
          <legend>Add a webhook</legend>
          <label>
            URL{' '}
            <input
              type="url"
              required
              placeholder="https://example.org/agora-hook"
              value={url}
              onInput={(e) => setUrl((e.target as HTMLInputElement).value)}
            />
          </label>
          {WEBHOOK_EVENTS.map((name) => (
            <label class="inline" key={name}>
              <input
                type="checkbox"
                checked={events.includes(name)}
                onChange={(e) => toggleEvent(name, (e.target as HTMLInputElement).checked)}
              />{' '}
              {name}
            </label>
          ))}
          <button type="submit" disabled={events.length === 0}>
            Add webhook
          </button>
        </fieldset>
      </form>
      {secret && (
        <div class="secret" role="status">
          <p>Signing secret of the new webhook. Copy it now: it is not shown again.</p>
          <code>{secret.value}</code>
          <button type="button" onClick={() => setSecret(null)}>
            Done
          </button>
        </div>
      )}
      {message && <p class={`message ${message.kind}`}>{message.text}</p>}
      {!hooks ? (
        <p>Loading…</p>
      ) : hooks.length === 0 ? (
        <p class="muted">No webhooks on this site.</p>
      ) : (
        <ul class="webhook-list">
          {hooks.map((h) => (
            <li key={h.id} data-webhook-id={h.id} class={h.active ? '' : 'disabled'}>
              <div class="webhook-head">
                <strong>{h.url}</strong> <span class="muted">{h.events.join(', ')}</span>{' '}
                <span class="muted">{h.active ? 'active' : 'disabled'}</span>
                <button type="button" aria-expanded={open === h.id} onClick={() => setOpen(open === h.id ? null : h.id)}>
                  Delivery log
                </button>
                {h.active && (
                  <button type="button" onClick={() => void disable(h)}>
                    Disable
                  </button>
                )}
              </div>
              {open === h.id && <DeliveryLog siteId={props.siteId} webhookId={h.id} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
