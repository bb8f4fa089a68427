import { createHash } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { SessionRepository } from '../auth/session.repository.js';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/**
 * Who is reacting or reporting: the signed-in user when the request carries a valid bearer token, else the
 * anonymous token the widget keeps in localStorage, hashed so the table never holds a replayable secret.
 */
export async function resolveVoterKey(
  db: Db,
  now: number,
  headers: { authorization?: string | undefined; 'x-agora-voter'?: string | undefined },
): Promise<string> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
  if (bearer) {
    const session = await new SessionRepository(db).findByTokenHash(sha256(bearer));
    if (session && Number(session.expires_at) > now) return `u:${session.user_id}`;
  }
  const anon = headers['x-agora-voter'];
  if (anon && /^[A-Za-z0-9_-]{16,128}$/.test(anon)) return `a:${sha256(anon)}`;
  throw new AppError('VALIDATION', 'send an X-Agora-Voter token (16-128 URL-safe characters) or sign in');
}
