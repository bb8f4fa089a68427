import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { SESSION_TTL_MS } from '../../modules/auth/session.service.js';
import { ANONYMOUS, type Actor } from '../../modules/users/user.model.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking: resolved from the bearer token or session cookie on every request. */
    actor: Actor;
    /** How the actor was authenticated; cookie-authenticated unsafe requests must pass the origin check. */
    authVia: 'cookie' | 'bearer' | null;
    /** The raw session token, so sign-out can revoke it. */
    sessionToken: string | null;
  }
}

export const SESSION_COOKIE = 'agora_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function setSessionCookie(reply: FastifyReply, token: string, publicUrl: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: publicUrl.startsWith('https:'),
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/**
 * CSRF defence by origin check: a browser always sends Origin on cross-site unsafe requests (and Referer when
 * it omits Origin), so a cookie-authenticated change is accepted only from Agora's own origin. Bearer requests
 * need no check: a foreign page cannot make the browser attach the header.
 */
function sameOrigin(req: FastifyRequest, publicOrigin: string): boolean {
  const origin = req.headers.origin ?? (req.headers.referer ? safeOrigin(req.headers.referer) : undefined);
  return origin === publicOrigin;
}

function safeOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Resolves `request.actor` for every request; invalid bearer tokens are refused, stale cookies just dropped. */
export const authPlugin = fp(
  async (app: FastifyInstance, opts: { deps: Deps }) => {
    const { deps } = opts;
    const publicOrigin = new URL(deps.config.publicUrl).origin;
    await app.register(cookie);
    app.decorateRequest('actor', null as never);
    app.decorateRequest('authVia', null);
    app.decorateRequest('sessionToken', null);
    app.addHook('onRequest', async (req, reply) => {
      req.actor = ANONYMOUS;
      const header = req.headers.authorization;
      if (header !== undefined) {
        const m = /^Bearer\s+([A-Za-z0-9_-]{20,200})$/.exec(header);
        if (!m?.[1]) throw new AppError('INVALID_TOKEN', 'Authorization must be "Bearer <token>"');
        req.actor = await deps.sessions.resolve(m[1], 'bearer');
        req.authVia = 'bearer';
        req.sessionToken = m[1];
        return;
      }
      const token = req.cookies[SESSION_COOKIE];
      if (token) {
        try {
          req.actor = await deps.sessions.resolve(token, 'cookie');
          req.authVia = 'cookie';
          req.sessionToken = token;
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          clearSessionCookie(reply);
        }
      }
      // Cookie-authenticated changes, and every form post to Agora's own pages (login CSRF), come from Agora only.
      const isPage = !req.url.startsWith('/api/') && !req.url.startsWith('/v1');
      if (!SAFE_METHODS.has(req.method) && (req.authVia === 'cookie' || isPage) && !sameOrigin(req, publicOrigin)) {
        throw new AppError('CSRF_REJECTED', 'this request did not come from this site');
      }
    });
  },
  { name: 'agora-auth', dependencies: ['agora-errors'] },
);

/** The signed-in actor, or 401. */
export function requireUser(req: FastifyRequest): Extract<Actor, { kind: 'user' }> {
  if (req.actor.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'sign in first');
  return req.actor;
}

/** Answers 429 with Retry-After when any of the counters is over its limit. */
export async function enforceRateLimits(
  deps: Deps,
  reply: FastifyReply,
  limits: Array<{ key: string; limit: number; windowMs: number }>,
): Promise<void> {
  for (const l of limits) {
    const d = await deps.rateLimiter.hit(l.key, l.limit, l.windowMs);
    if (!d.allowed) {
      const seconds = Math.max(1, Math.ceil(d.retryAfterMs / 1000));
      reply.header('retry-after', String(seconds));
      throw new AppError('RATE_LIMITED', `too many attempts; try again in ${seconds} seconds`, { retryAfterSeconds: seconds });
    }
  }
}
