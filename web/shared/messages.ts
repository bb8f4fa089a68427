/**
 * Messages between windows, typed and checked: a message is trusted only when it comes from the expected
 * origin AND has the expected shape.
 */

/**
 * Sent by Agora's sign-in popup (/auth/popup, public/auth-popup.js) to the page that opened it, with targetOrigin
 * set to the host origin the server checked. `nonce` echoes the one the widget put in the popup's URL.
 */
export interface AuthMessage {
  type: 'agora:auth';
  nonce: string;
  token: string;
  /** ISO 8601. */
  expiresAt: string;
  user: { id: string; displayName: string };
}

export type AgoraMessage = AuthMessage;

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

export function isAuthMessage(data: unknown): data is AuthMessage {
  if (!data || typeof data !== 'object') return false;
  const d = data as Record<string, unknown>;
  const user = d.user as Record<string, unknown> | undefined;
  return (
    d.type === 'agora:auth' &&
    nonEmpty(d.nonce) &&
    nonEmpty(d.token) &&
    nonEmpty(d.expiresAt) &&
    !Number.isNaN(Date.parse(d.expiresAt)) &&
    !!user &&
    nonEmpty(user.id) &&
    typeof user.displayName === 'string'
  );
}

/** Accepts a message event only from `origin` (Agora's), with an auth message answering our own `nonce`. */
export function authFrom(event: MessageEvent, origin: string, nonce: string | null): AuthMessage | null {
  if (!nonce || event.origin !== origin || !isAuthMessage(event.data)) return null;
  return event.data.nonce === nonce ? event.data : null;
}
