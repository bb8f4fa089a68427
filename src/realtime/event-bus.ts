import type { CommentView } from '../modules/comments/comment.presenter.js';

/** What a story's readers are told live. Only published comments travel; a removal carries just the id. */
export type LiveEventData =
  | { type: 'comment.added'; comment: CommentView }
  | { type: 'comment.updated'; comment: CommentView }
  | { type: 'comment.removed'; id: string; parentId: string | null };

export interface LiveEvent {
  /** Monotonic within one bus: "<boot>-<sequence>", compared by sequence within the same boot. */
  id: string;
  storyId: string;
  data: LiveEventData;
}

export type LiveListener = (event: LiveEvent) => void;

export interface Subscription {
  /**
   * Events after `lastEventId` that the subscriber missed, oldest first; null when they cannot be replayed
   * (unknown or expired id, or another boot): the client must reload the thread.
   */
  missed: LiveEvent[] | null;
  unsubscribe(): void;
}

/**
 * Publish/subscribe by story. The in-process bus serves one instance; the Redis one (redis-bus.ts) has the same
 * interface so every instance's readers see every instance's comments. The Redis bus answers asynchronously: its
 * ids come from Redis and its replay is read from there; a failed publish rejects (the comment is stored anyway).
 */
export interface EventBus {
  publish(storyId: string, data: LiveEventData): LiveEvent | Promise<LiveEvent>;
  /** The listener receives only events after those in `missed`, once the subscription is returned. */
  subscribe(storyId: string, listener: LiveListener, lastEventId?: string): Subscription | Promise<Subscription>;
  /**
   * The story's live position now: subscribing with it as lastEventId replays exactly the events published after
   * this call. A thread read after it and a stream opened with it together miss nothing.
   */
  position(storyId: string): string | Promise<string>;
  /** Streams listening on this instance, all stories together (metrics). */
  subscriberCount?(): number;
  close(): Promise<void>;
}
