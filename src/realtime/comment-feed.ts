import { presentComment } from '../modules/comments/comment.presenter.js';
import type { CommentEvent } from '../modules/comments/comment.service.js';
import type { EventBus, LiveEventData } from './event-bus.js';

/**
 * Turns committed comment changes into what readers may see: a comment that becomes approved is added (or
 * updated when it was approved already); one that leaves approved is removed. Pending and rejected comments
 * never travel.
 */
export function liveEventFor(event: CommentEvent): LiveEventData | null {
  if (event.type === 'comment.reported') return null;
  const c = event.comment;
  const was = event.type === 'comment.created' ? undefined : event.previousStatus;
  if (c.status === 'approved') {
    return { type: was === 'approved' ? 'comment.updated' : 'comment.added', comment: presentComment(c) };
  }
  if (was === 'approved') return { type: 'comment.removed', id: c.id, parentId: c.parent_id };
  return null;
}

/** Subscribes the bus to the comment service's committed changes; returns the unsubscribe. */
export function feedCommentEvents(listeners: Set<(event: CommentEvent) => void>, bus: EventBus): () => void {
  const listener = (event: CommentEvent): void => {
    const data = liveEventFor(event);
    if (!data) return;
    const sent = bus.publish(event.comment.story_id, data);
    // A bus that cannot publish (Redis away) reports it itself; the comment is stored and readers catch up.
    if (sent instanceof Promise) sent.catch(() => {});
  };
  listeners.add(listener);
  return () => listeners.delete(listener);
}
