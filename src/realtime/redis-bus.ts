import type { Redis, Result } from 'ioredis';
import type { EventBus, LiveEvent, LiveEventData, LiveListener, Subscription } from './event-bus.js';

export interface RedisBusOptions {
  /** A `request` connection (src/lib/redis.ts): publishing and replay fail fast while Redis is away. */
  redis: Redis;
  /** A `subscriber` connection of its own: ioredis re-subscribes after a reconnect. */
  subscriber: Redis;
  /** Key and channel prefix, so several installs (or test files) share one Redis. */
  prefix?: string;
  /** Events kept per story for Last-Event-ID resumption. */
  bufferSize?: number;
  /** A story's stream is dropped this long after its last event. */
  ttlMs?: number;
  /** How long a new stream waits for its SUBSCRIBE to be confirmed before going on without it. */
  subscribeTimeoutMs?: number;
  onError?: (err: unknown) => void;
}

/**
 * Appends to the story's stream (capped), remembers the replay floor, publishes, all in one step, so the order of
 * the stream is the order every instance receives. The floor is the newest id that can no longer be replayed
 * whole: the entry trimmed away, or, for a new stream (first event, expired, or Redis lost its data), its first id.
 */
const PUBLISH_SCRIPT = `
local cap = tonumber(ARGV[1])
local existed = redis.call('EXISTS', KEYS[1]) == 1
if existed and redis.call('XLEN', KEYS[1]) >= cap then
  local oldest = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)[1]
  if oldest then redis.call('SET', KEYS[2], oldest[1]) end
end
local id = redis.call('XADD', KEYS[1], 'MAXLEN', cap, '*', 'd', ARGV[4])
if not existed then redis.call('SET', KEYS[2], id) end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
redis.call('PUBLISH', ARGV[3], id .. ' ' .. ARGV[4])
return id
`;

/**
 * The story's live position: its stream's newest id. With no stream (no event yet, expired, or lost), an empty
 * stream is started whose last id, taken from now, is also its floor: replay from there is whole, and the ids
 * XADD gives it later are above it. An empty stream that an earlier call started answers its floor unchanged.
 */
const POSITION_SCRIPT = `
local newest = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
if newest then return newest[1] end
local floor = redis.call('GET', KEYS[2])
if floor and redis.call('EXISTS', KEYS[1]) == 1 then return floor end
local id = redis.call('XADD', KEYS[1], '*', 'd', '')
redis.call('XDEL', KEYS[1], id)
redis.call('SET', KEYS[2], id)
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
return id
`;

type StreamId = readonly [bigint, bigint];

function parseId(id: string): StreamId | null {
  const m = /^(\d{1,20})-(\d{1,20})$/.exec(id);
  return m ? [BigInt(m[1]!), BigInt(m[2]!)] : null;
}

function compareIds(a: StreamId, b: StreamId): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] === b[1] ? 0 : a[1] < b[1] ? -1 : 1;
}

declare module 'ioredis' {
  interface RedisCommander<Context> {
    agoraLivePublish(stream: string, floor: string, cap: number, ttlMs: number, channel: string, payload: string): Result<string, Context>;
    agoraLivePosition(stream: string, floor: string, ttlMs: number): Result<string, Context>;
  }
}

interface StoryListeners {
  listeners: Set<LiveListener>;
  /** Resolves when Redis confirmed the SUBSCRIBE (it may wait for a reconnect). */
  subscribed: Promise<unknown>;
}

/**
 * The bus of many instances: one Redis Stream per story holds the last events (ids from XADD, increasing per
 * story whichever instance published), and each event is published on the story's channel, to which an instance
 * subscribes while it has readers of that story. Resumption reads the stream, so it works on any instance.
 * While Redis is away, publishing fails (the comment itself is stored; readers catch up by reloading, told so by
 * a reset) and ioredis reconnects and re-subscribes by itself.
 */
export class RedisEventBus implements EventBus {
  private readonly prefix: string;
  private readonly bufferSize: number;
  private readonly ttlMs: number;
  private readonly stories = new Map<string, StoryListeners>();
  private readonly onMessage = (channel: string, message: string) => this.deliver(channel, message);

  constructor(private readonly opts: RedisBusOptions) {
    this.prefix = opts.prefix ?? 'agora:';
    this.bufferSize = opts.bufferSize ?? 200;
    this.ttlMs = opts.ttlMs ?? 6 * 3600_000;
    opts.redis.defineCommand('agoraLivePublish', { numberOfKeys: 2, lua: PUBLISH_SCRIPT });
    opts.redis.defineCommand('agoraLivePosition', { numberOfKeys: 2, lua: POSITION_SCRIPT });
    opts.subscriber.on('message', this.onMessage);
  }

  private streamKey(storyId: string): string {
    return `${this.prefix}live:${storyId}`;
  }

  private floorKey(storyId: string): string {
    return `${this.prefix}live-floor:${storyId}`;
  }

  private channel(storyId: string): string {
    return `${this.prefix}live:${storyId}`;
  }

  async publish(storyId: string, data: LiveEventData): Promise<LiveEvent> {
    try {
      const id = await this.opts.redis.agoraLivePublish(
        this.streamKey(storyId),
        this.floorKey(storyId),
        this.bufferSize,
        this.ttlMs,
        this.channel(storyId),
        JSON.stringify(data),
      );
      return { id, storyId, data };
    } catch (err) {
      this.opts.onError?.(err);
      throw err;
    }
  }

  async position(storyId: string): Promise<string> {
    try {
      return await this.opts.redis.agoraLivePosition(this.streamKey(storyId), this.floorKey(storyId), this.ttlMs);
    } catch (err) {
      this.opts.onError?.(err);
      throw err;
    }
  }

  async subscribe(storyId: string, listener: LiveListener, lastEventId?: string): Promise<Subscription> {
    let entry = this.stories.get(storyId);
    if (!entry) {
      const subscribed = this.opts.subscriber.subscribe(this.channel(storyId)).catch((err: unknown) => this.opts.onError?.(err));
      entry = { listeners: new Set(), subscribed };
      this.stories.set(storyId, entry);
    }
    // Events that arrive while the replay is read are held, then handed over with it, without duplicates.
    const held: LiveEvent[] = [];
    let live = false;
    const wrapped: LiveListener = (e) => (live ? listener(e) : held.push(e));
    entry.listeners.add(wrapped);
    const mine = entry;
    const unsubscribe = () => {
      mine.listeners.delete(wrapped);
      if (mine.listeners.size === 0 && this.stories.get(storyId) === mine) {
        this.stories.delete(storyId);
        this.opts.subscriber.unsubscribe(this.channel(storyId)).catch((err: unknown) => this.opts.onError?.(err));
      }
    };
    await Promise.race([entry.subscribed, new Promise((r) => setTimeout(r, this.opts.subscribeTimeoutMs ?? 1000).unref())]);
    let missed: LiveEvent[] | null = [];
    if (lastEventId !== undefined) missed = await this.since(storyId, lastEventId);
    if (missed !== null) {
      const last = missed.at(-1);
      const after = last ? parseId(last.id) : null;
      for (const e of held) {
        const id = parseId(e.id);
        if (!after || (id && compareIds(id, after) > 0)) missed.push(e);
      }
    }
    live = true;
    return { missed, unsubscribe };
  }

  /** Events after `lastEventId`, or null when some of them are gone (or Redis cannot be asked). */
  private async since(storyId: string, lastEventId: string): Promise<LiveEvent[] | null> {
    const last = parseId(lastEventId);
    if (!last) return null;
    try {
      const res = await this.opts.redis
        .multi()
        .get(this.floorKey(storyId))
        .xrange(this.streamKey(storyId), `(${lastEventId}`, '+', 'COUNT', this.bufferSize)
        .exec();
      const floorText = res?.[0]?.[1];
      const entries = res?.[1]?.[1] as Array<[string, string[]]> | undefined;
      if (typeof floorText !== 'string' || !entries) return null;
      const floor = parseId(floorText);
      if (!floor || compareIds(last, floor) < 0) return null;
      const events: LiveEvent[] = [];
      for (const [id, fields] of entries) {
        const payload = fields[fields.indexOf('d') + 1];
        if (payload !== undefined) events.push({ id, storyId, data: JSON.parse(payload) as LiveEventData });
      }
      return events;
    } catch (err) {
      this.opts.onError?.(err);
      return null;
    }
  }

  private deliver(channel: string, message: string): void {
    const prefix = `${this.prefix}live:`;
    if (!channel.startsWith(prefix)) return;
    const storyId = channel.slice(prefix.length);
    const entry = this.stories.get(storyId);
    if (!entry) return;
    const space = message.indexOf(' ');
    let event: LiveEvent;
    try {
      event = { id: message.slice(0, space), storyId, data: JSON.parse(message.slice(space + 1)) as LiveEventData };
    } catch (err) {
      this.opts.onError?.(err);
      return;
    }
    for (const listener of [...entry.listeners]) {
      try {
        listener(event);
      } catch {
        // One broken stream must not stop the others.
      }
    }
  }

  /** How many local streams listen to a story (tests). */
  listenerCount(storyId: string): number {
    return this.stories.get(storyId)?.listeners.size ?? 0;
  }

  subscriberCount(): number {
    let n = 0;
    for (const s of this.stories.values()) n += s.listeners.size;
    return n;
  }

  async close(): Promise<void> {
    this.opts.subscriber.off('message', this.onMessage);
    const channels = [...this.stories.keys()].map((s) => this.channel(s));
    this.stories.clear();
    if (channels.length && this.opts.subscriber.status === 'ready') await this.opts.subscriber.unsubscribe(...channels).catch(() => {});
  }
}
