import { Redis, type RedisOptions } from 'ioredis';

/**
 * What a connection is for decides how it behaves while Redis is away:
 * - `request`: used on request paths (rate limits, thread cache, publishing live events). Commands fail at once
 *   while disconnected (no offline queue, one retry), so a Redis outage degrades a request, never hangs it.
 * - `subscriber`: pub/sub. Subscriptions made while disconnected wait for the reconnect, and ioredis
 *   re-subscribes every channel after one, so live updates resume by themselves.
 * - `bullmq`: BullMQ's workers block on Redis and require `maxRetriesPerRequest: null`.
 */
export type RedisRole = 'request' | 'subscriber' | 'bullmq';

export interface RedisConnectOptions {
  url: string;
  role: RedisRole;
  /** Shown in CLIENT LIST, so an operator can tell the instances' connections apart. */
  name?: string;
  /** Errors are reported here (rate-limited by the caller if needed); ioredis keeps reconnecting meanwhile. */
  onError?: (err: Error) => void;
}

/** Reconnect quickly at first, then every 2 s at most: an outage is noticed and healed within seconds. */
export const retryStrategy = (times: number): number => Math.min(50 * 2 ** Math.min(times, 6), 2000);

export function redisOptions(role: RedisRole, name?: string): RedisOptions {
  const common: RedisOptions = {
    retryStrategy,
    connectTimeout: 2000,
    // A command sent over a half-dead socket would otherwise wait for TCP to give up.
    keepAlive: 10_000,
    lazyConnect: false,
    ...(name ? { connectionName: name } : {}),
  };
  switch (role) {
    case 'request':
      return { ...common, enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1000 };
    case 'subscriber':
      return { ...common, enableOfflineQueue: true, maxRetriesPerRequest: null, autoResubscribe: true };
    case 'bullmq':
      return { ...common, enableOfflineQueue: true, maxRetriesPerRequest: null };
  }
}

/** The one place Redis connections are made. */
export function connectRedis(opts: RedisConnectOptions): Redis {
  const redis = new Redis(opts.url, redisOptions(opts.role, opts.name));
  // Without a listener ioredis prints every failed reconnect; the owner decides what is worth a log line.
  redis.on('error', (err: Error) => opts.onError?.(err));
  return redis;
}

/** Resolves once the connection is ready, or rejects after `timeoutMs` (start-up and tests). */
export function redisReady(redis: Redis, timeoutMs = 5000): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Error(`Redis not ready after ${timeoutMs} ms (status ${redis.status})`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}

/** Closes without waiting for a server that is not there (QUIT would wait for a reply). */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status === 'ready') {
    await Promise.race([redis.quit().catch(() => {}), new Promise((r) => setTimeout(r, 500).unref())]);
  }
  redis.disconnect();
}
