import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { closeRedis, connectRedis, redisReady, type RedisRole } from '../lib/redis.js';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

let available: Promise<boolean> | undefined;

/** Whether the machine's Redis answers. In CI its absence is a failure, never a skip. */
export function redisAvailable(): Promise<boolean> {
  available ??= (async () => {
    const probe = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1500, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    probe.on('error', () => {});
    try {
      await probe.connect();
      await probe.ping();
      return true;
    } catch (err) {
      if (process.env.CI) throw new Error(`Redis at ${REDIS_URL} is required in CI: ${(err as Error).message}`);
      console.warn(`[tests] Redis at ${REDIS_URL} is not reachable: its tests are skipped outside CI`);
      return false;
    } finally {
      probe.disconnect();
    }
  })();
  return available;
}

/** A key prefix of this test's own, so test files running in parallel share the Redis without meeting. */
export function testPrefix(name: string): string {
  return `agora-test:${name}:${process.pid}:${randomBytes(3).toString('hex')}:`;
}

/** Connections made through the app's own factory, all closed (and the prefix's keys deleted) by `cleanup`. */
export function redisPool(url = REDIS_URL) {
  const made: Redis[] = [];
  return {
    connect(role: RedisRole): Redis {
      const r = connectRedis({ url, role });
      made.push(r);
      return r;
    },
    /** Request connections refuse commands until connected: tests wait for that, as start-up does. */
    async ready(): Promise<void> {
      await Promise.all(made.map((r) => redisReady(r)));
    },
    async cleanup(prefix?: string): Promise<void> {
      if (prefix) {
        const admin = new Redis(url, { maxRetriesPerRequest: 1 });
        let cursor = '0';
        let rounds = 0;
        do {
          const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
          if (keys.length) await admin.del(...keys);
          cursor = next;
        } while (cursor !== '0' && ++rounds < 1000);
        admin.disconnect();
      }
      await Promise.all(made.map((r) => closeRedis(r)));
      made.length = 0;
    },
  };
}
