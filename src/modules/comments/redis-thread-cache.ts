import { createHash } from 'node:crypto';
import type { Redis, Result } from 'ioredis';
import type { ThreadCache } from './thread.cache.js';
import type { ThreadPage } from './thread.service.js';

/**
 * Reads the story's version and the global epoch, then the page stored under them: one round trip.
 * Returns {epoch, version, page or false}.
 */
const GET_SCRIPT = `
local version = redis.call('GET', KEYS[1]) or '0'
local epoch = redis.call('GET', KEYS[2]) or '0'
local page = redis.call('GET', ARGV[1] .. epoch .. ':' .. version .. ':' .. ARGV[2])
return {epoch, version, page}
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    agoraThreadGet(versionKey: string, epochKey: string, pagePrefix: string, pageKey: string): Result<[string, string, string | null], Context>;
  }
}

export interface RedisThreadCacheOptions {
  /** A `request` connection (src/lib/redis.ts): while Redis is away, reads go to the database. */
  redis: Redis;
  prefix?: string;
  /** How long a page lives; also bounds staleness when an invalidation could not reach Redis. */
  ttlMs?: number;
  onError?: (err: unknown) => void;
}

/**
 * Thread pages shared by every instance. Invalidation increments the story's version, which every page key
 * contains, so it takes effect for all instances at once and old pages simply expire. A page is stored under the
 * version seen when its read began, so a page read before an invalidation can never be stored as current.
 * An invalidation lost to an outage bumps a global epoch once Redis is back, retiring every page.
 */
export class RedisThreadCache implements ThreadCache {
  private readonly prefix: string;
  private readonly ttlMs: number;
  /** The epoch:version each pending read saw at its miss, so its `set` stores under that. */
  private readonly seen = new Map<string, string>();
  private lostInvalidation = false;

  constructor(private readonly opts: RedisThreadCacheOptions) {
    this.prefix = `${opts.prefix ?? 'agora:'}tc:`;
    this.ttlMs = opts.ttlMs ?? 30_000;
    opts.redis.defineCommand('agoraThreadGet', { numberOfKeys: 2, lua: GET_SCRIPT });
    opts.redis.on('ready', () => {
      if (!this.lostInvalidation) return;
      opts.redis.incr(this.epochKey()).then(
        () => (this.lostInvalidation = false),
        (err: unknown) => opts.onError?.(err),
      );
    });
  }

  private epochKey(): string {
    return `${this.prefix}epoch`;
  }

  private versionKey(storyId: string): string {
    return `${this.prefix}v:${storyId}`;
  }

  private pagePrefix(storyId: string): string {
    return `${this.prefix}p:${storyId}:`;
  }

  private static hash(key: string): string {
    return createHash('sha1').update(key).digest('base64url');
  }

  async get(storyId: string, key: string): Promise<ThreadPage | undefined> {
    const hashed = RedisThreadCache.hash(key);
    try {
      const [epoch, version, page] = await this.opts.redis.agoraThreadGet(this.versionKey(storyId), this.epochKey(), this.pagePrefix(storyId), hashed);
      if (page) return JSON.parse(page) as ThreadPage;
      this.remember(`${storyId}\n${hashed}`, `${epoch}:${version}`);
    } catch (err) {
      this.opts.onError?.(err);
    }
    return undefined;
  }

  async set(storyId: string, key: string, page: ThreadPage): Promise<void> {
    const hashed = RedisThreadCache.hash(key);
    const seen = this.seen.get(`${storyId}\n${hashed}`);
    // Without the version seen before the read, storing could label an old page as current.
    if (seen === undefined) return;
    this.seen.delete(`${storyId}\n${hashed}`);
    try {
      await this.opts.redis.set(`${this.pagePrefix(storyId)}${seen}:${hashed}`, JSON.stringify(page), 'PX', this.ttlMs);
    } catch (err) {
      this.opts.onError?.(err);
    }
  }

  async invalidate(storyId: string): Promise<void> {
    try {
      // The version outlives every page stored under it by far; an idle story's version then goes away.
      await this.opts.redis.multi().incr(this.versionKey(storyId)).pexpire(this.versionKey(storyId), 24 * 3600_000).exec();
    } catch (err) {
      this.lostInvalidation = true;
      this.opts.onError?.(err);
    }
  }

  private remember(id: string, version: string): void {
    this.seen.delete(id);
    this.seen.set(id, version);
    // Reads that never reach `set` (the story was missing, the query failed) must not pile up.
    if (this.seen.size > 10_000) this.seen.delete(this.seen.keys().next().value!);
  }
}
