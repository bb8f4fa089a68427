/** The widget's memory in the host page's localStorage, namespaced, and tolerant of storage being blocked. */
const PREFIX = 'agora:';

function read<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(PREFIX + key);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}

function write(key: string, value: unknown): void {
  try {
    if (value === null) localStorage.removeItem(PREFIX + key);
    else localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // Private mode or storage disabled: the widget works, it just forgets.
  }
}

export interface Auth {
  token: string;
  /** ISO 8601: the server stops accepting the token then. */
  expiresAt: string;
  user: { id: string; name: string };
}

/** True once the token's time is up (or for a stored value without an expiry, from an older widget). */
export const expired = (a: Auth, now = Date.now()): boolean => !(Date.parse(a.expiresAt) > now);

export interface Guest {
  name: string;
  email: string;
}

/** Edit keys of the comments this browser posted: { id: [key, postedAt] }, the newest 200 kept. */
export const editKeys = {
  get: (id: string): string | undefined => read<Record<string, [string, number]>>('keys', {})[id]?.[0],
  set(id: string, key: string): void {
    const all = read<Record<string, [string, number]>>('keys', {});
    all[id] = [key, Date.now()];
    const kept = Object.entries(all).sort((a, b) => b[1][1] - a[1][1]).slice(0, 200);
    write('keys', Object.fromEntries(kept));
  },
};

export const auth = {
  get(site: string): Auth | null {
    const a = read<Auth | null>(`auth:${site}`, null);
    if (a && expired(a)) write(`auth:${site}`, null);
    return a && !expired(a) ? a : null;
  },
  set: (site: string, value: Auth | null): void => write(`auth:${site}`, value),
};

export const guest = {
  get: (): Guest => read<Guest>('guest', { name: '', email: '' }),
  set: (value: Guest): void => write('guest', value),
};

/** The anonymous voter token: random, made on first use, sent as X-Agora-Voter. */
export function voterToken(create: boolean): string | null {
  let token = read<string | null>('voter', null);
  if (!token && create) {
    const bytes = crypto.getRandomValues(new Uint8Array(24));
    token = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    write('voter', token);
  }
  return token;
}
