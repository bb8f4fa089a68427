/**
 * Messages between windows, typed and checked: a message is trusted only when it comes from the expected
 * origin AND has the expected shape.
 */

/** Sent by Agora's sign-in popup to the page that opened it, after sign-in. */
export interface TokenMessage {
  type: 'agora:token';
  token: string;
  user: { id: string; name: string };
}

export type AgoraMessage = TokenMessage;

export function isTokenMessage(data: unknown): data is TokenMessage {
  if (!data || typeof data !== 'object') return false;
  const d = data as Record<string, unknown>;
  const user = d.user as Record<string, unknown> | undefined;
  return d.type === 'agora:token' && typeof d.token === 'string' && d.token.length > 0 && !!user && typeof user.id === 'string' && typeof user.name === 'string';
}

/** Accepts a message event only from `origin` (Agora's) with a token message in it. */
export function tokenFrom(event: MessageEvent, origin: string): TokenMessage | null {
  return event.origin === origin && isTokenMessage(event.data) ? event.data : null;
}
