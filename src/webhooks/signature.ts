import { createHmac, timingSafeEqual } from 'node:crypto';

/** `Agora-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "${t}.${body}">`, the scheme Stripe made familiar. */
export function signatureHeader(secret: string, body: string, timestampSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${v1}`;
}

/** For receivers (and tests): checks the signature and that it is at most `toleranceSeconds` old. */
export function verifySignature(opts: { secret: string; body: string; header: string; nowSeconds: number; toleranceSeconds?: number }): boolean {
  const parts = Object.fromEntries(opts.header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || Math.abs(opts.nowSeconds - t) > (opts.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signatureHeader(opts.secret, opts.body, t).split('v1=')[1]!, 'hex');
  const given = Buffer.from(parts.v1, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
