import { createHmac, timingSafeEqual } from 'node:crypto';

/** What an unsubscribe link stands for: reply notifications of one site to one address. */
export interface UnsubscribeClaim {
  siteId: string;
  email: string;
}

const mac = (key: string, data: string): string => createHmac('sha256', key).update(data).digest('base64url');

/** `<base64url JSON>.<HMAC>`: needs no storage, and cannot be made for another address without the key. */
export function signUnsubscribe(key: string, claim: UnsubscribeClaim): string {
  const data = Buffer.from(JSON.stringify({ s: claim.siteId, e: claim.email.toLowerCase() })).toString('base64url');
  return `${data}.${mac(key, data)}`;
}

export function verifyUnsubscribe(key: string, token: string): UnsubscribeClaim | null {
  const [data, sig] = token.split('.');
  if (!data || !sig) return null;
  const expected = Buffer.from(mac(key, data));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const { s, e } = JSON.parse(Buffer.from(data, 'base64url').toString('utf8')) as { s?: unknown; e?: unknown };
    return typeof s === 'string' && typeof e === 'string' ? { siteId: s, email: e } : null;
  } catch {
    return null;
  }
}
