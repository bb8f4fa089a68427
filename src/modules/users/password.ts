import argon2 from 'argon2';
import { AppError } from '../../errors.js';

// OWASP's argon2id baseline (19 MiB, 2 passes): a sign-in costs tens of milliseconds, a guess as much.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
let dummy: Promise<string> | undefined;

export function validatePassword(password: string): void {
  if (password.length < 10) throw new AppError('VALIDATION', 'password must be at least 10 characters');
  if (password.length > 512) throw new AppError('VALIDATION', 'password must be at most 512 characters');
}

export const hashPassword = (password: string): Promise<string> => argon2.hash(password, OPTIONS);

/** Checks a password; without a stored hash it still spends the time of a check, so timing does not reveal accounts. */
export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) {
    dummy ??= argon2.hash('not a password of anyone', OPTIONS);
    await argon2.verify(await dummy, password).catch(() => false);
    return false;
  }
  return argon2.verify(hash, password).catch(() => false);
}
