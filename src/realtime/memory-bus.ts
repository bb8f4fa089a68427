import { randomBytes } from 'node:crypto';
import type { EventBus, LiveEvent, LiveEventData, LiveListener, Subscription } from './event-bus.js';

export interface MemoryBusOptions {
  /** Events kept per story for Last-Event-ID resumption. */
  bufferSize?: number;
  /** Stories whose buffers are kept (least recently published are dropped first). */
  maxStories?: number;
  /** Distinguishes this process's ids from a previous run's; random by default. */
  boot?: string;
}

/** The bus of a single instance: listeners in a map, a short ring buffer per story. */
export class MemoryEventBus implements EventBus {
  private seq = 0;
  private readonly boot: string;
  private readonly bufferSize: number;
  private readonly maxStories: number;
  private readonly listeners = new Map<string, Set<LiveListener>>();
  /** Map iteration order doubles as recency: a publish re-inserts the story at the end. */
  private readonly buffers = new Map<string, { events: Array<{ seq: number; event: LiveEvent }>; floor: number }>();
  /** The newest sequence number an evicted story's ring held: older ids can no longer be resumed anywhere. */
  private evictedUpTo = 0;

  constructor(opts: MemoryBusOptions = {}) {
    this.boot = opts.boot ?? randomBytes(4).toString('hex');
    this.bufferSize = opts.bufferSize ?? 200;
    this.maxStories = opts.maxStories ?? 5000;
  }

  publish(storyId: string, data: LiveEventData): LiveEvent {
    const seq = ++this.seq;
    const event: LiveEvent = { id: `${this.boot}-${seq}`, storyId, data };
    const ring = this.buffers.get(storyId) ?? { events: [], floor: this.evictedUpTo };
    this.buffers.delete(storyId);
    ring.events.push({ seq, event });
    while (ring.events.length > this.bufferSize) ring.floor = ring.events.shift()?.seq ?? ring.floor;
    this.buffers.set(storyId, ring);
    if (this.buffers.size > this.maxStories) {
      const [oldest] = this.buffers.keys();
      if (oldest !== undefined) {
        this.evictedUpTo = Math.max(this.evictedUpTo, this.buffers.get(oldest)?.events.at(-1)?.seq ?? 0);
        this.buffers.delete(oldest);
      }
    }
    for (const listener of [...(this.listeners.get(storyId) ?? [])]) {
      try {
        listener(event);
      } catch {
        // One broken stream must not stop the others.
      }
    }
    return event;
  }

  subscribe(storyId: string, listener: LiveListener, lastEventId?: string): Subscription {
    const set = this.listeners.get(storyId) ?? new Set();
    set.add(listener);
    this.listeners.set(storyId, set);
    return {
      missed: lastEventId === undefined ? [] : this.since(storyId, lastEventId),
      unsubscribe: () => {
        set.delete(listener);
        if (set.size === 0 && this.listeners.get(storyId) === set) this.listeners.delete(storyId);
      },
    };
  }

  /** The newest sequence number: `since()` accepts it for any story (its ring's floor is never above it). */
  position(_storyId: string): string {
    return `${this.boot}-${this.seq}`;
  }

  /** How many streams listen to a story (tests, metrics). */
  listenerCount(storyId: string): number {
    return this.listeners.get(storyId)?.size ?? 0;
  }

  subscriberCount(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  private since(storyId: string, lastEventId: string): LiveEvent[] | null {
    const [boot, seqText] = lastEventId.split('-');
    const seq = Number(seqText);
    if (boot !== this.boot || !Number.isSafeInteger(seq) || seq > this.seq) return null;
    const ring = this.buffers.get(storyId);
    // Events after `seq` may have left the ring (or the whole story's ring was evicted): then replay cannot be whole.
    if (seq < (ring?.floor ?? this.evictedUpTo)) return null;
    return (ring?.events ?? []).filter((e) => e.seq > seq).map((e) => e.event);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.buffers.clear();
  }
}
