import { describe, expect, it } from 'vitest';
import type { CommentWithAuthor } from '../modules/comments/comment.repository.js';
import type { CommentStatus } from '../modules/comments/comment.table.js';
import type { CommentEvent } from '../modules/comments/comment.service.js';
import { feedCommentEvents, liveEventFor } from './comment-feed.js';
import type { LiveEvent } from './event-bus.js';
import { MemoryEventBus } from './memory-bus.js';

const removed = (id: string) => ({ type: 'comment.removed' as const, id, parentId: null });

describe('MemoryEventBus', () => {
  it('delivers to subscribers of the story only, with increasing ids', () => {
    const bus = new MemoryEventBus({ boot: 'b' });
    const a: LiveEvent[] = [];
    const b: LiveEvent[] = [];
    bus.subscribe('s1', (e) => a.push(e));
    const sub = bus.subscribe('s2', (e) => b.push(e));
    bus.publish('s1', removed('x'));
    bus.publish('s2', removed('y'));
    bus.publish('s1', removed('z'));
    expect(a.map((e) => e.id)).toEqual(['b-1', 'b-3']);
    expect(b.map((e) => e.id)).toEqual(['b-2']);
    sub.unsubscribe();
    bus.publish('s2', removed('w'));
    expect(b).toHaveLength(1);
    expect(bus.listenerCount('s2')).toBe(0);
  });

  it('replays what a reconnecting client missed, and says so when it cannot', () => {
    const bus = new MemoryEventBus({ boot: 'b', bufferSize: 3 });
    for (const id of ['1', '2', '3']) bus.publish('s', removed(id));
    expect(bus.subscribe('s', () => {}, 'b-1').missed?.map((e) => e.id)).toEqual(['b-2', 'b-3']);
    expect(bus.subscribe('s', () => {}, 'b-3').missed).toEqual([]);
    bus.publish('s', removed('4'));
    bus.publish('s', removed('5'));
    // b-2 and b-3 ... b-1 has left the ring: the client must reload.
    expect(bus.subscribe('s', () => {}, 'b-1').missed).toBeNull();
    expect(bus.subscribe('s', () => {}, 'b-2').missed?.map((e) => e.id)).toEqual(['b-3', 'b-4', 'b-5']);
    expect(bus.subscribe('s', () => {}, 'other-2').missed).toBeNull();
    expect(bus.subscribe('s', () => {}, 'b-99').missed).toBeNull();
    expect(bus.subscribe('s', () => {}, 'garbage').missed).toBeNull();
  });

  it('forgets the least recently active stories beyond its limit', () => {
    const bus = new MemoryEventBus({ boot: 'b', maxStories: 2 });
    bus.publish('a', removed('1'));
    bus.publish('b', removed('2'));
    bus.publish('c', removed('3'));
    expect(bus.subscribe('a', () => {}, 'b-0').missed).toBeNull();
    expect(bus.subscribe('c', () => {}, 'b-2').missed?.map((e) => e.id)).toEqual(['b-3']);
  });

  it('gives a position from which exactly the later events are replayed, for a story with events or none', () => {
    const bus = new MemoryEventBus({ boot: 'b' });
    const fresh = bus.position('quiet');
    expect(bus.subscribe('quiet', () => {}, fresh).missed).toEqual([]);
    bus.publish('s', removed('1'));
    const before = bus.position('s');
    expect(bus.subscribe('s', () => {}, before).missed).toEqual([]);
    bus.publish('s', removed('2'));
    bus.publish('other', removed('3'));
    bus.publish('quiet', removed('4'));
    expect(bus.subscribe('s', () => {}, before).missed?.map((e) => (e.data as { id: string }).id)).toEqual(['2']);
    expect(bus.subscribe('quiet', () => {}, fresh).missed?.map((e) => (e.data as { id: string }).id)).toEqual(['4']);
    expect(bus.subscribe('never', () => {}, bus.position('never')).missed).toEqual([]);
  });

  it('keeps delivering when one listener throws', () => {
    const bus = new MemoryEventBus();
    const got: string[] = [];
    bus.subscribe('s', () => {
      throw new Error('broken stream');
    });
    bus.subscribe('s', (e) => got.push(e.id));
    bus.publish('s', removed('1'));
    expect(got).toHaveLength(1);
  });
});

describe('comment feed', () => {
  const row = (status: CommentStatus): CommentWithAuthor => ({
    id: 'c1', site_id: 's', story_id: 'st', parent_id: 'p', depth: 1, author_id: 'a', author_name: 'Ada', status, body: 'b', html: '<p>b</p>',
    reply_count: 0, upvotes: 0, downvotes: 0, best_score: 0, reasons: '[]', edit_key_hash: null, import_key: null, created_at: 0,
    edited_at: null, deleted_at: null, notify_replies: 0, ip: null,
  });

  it('broadcasts only what readers may see', () => {
    expect(liveEventFor({ type: 'comment.created', comment: row('approved') })?.type).toBe('comment.added');
    expect(liveEventFor({ type: 'comment.created', comment: row('pending') })).toBeNull();
    expect(liveEventFor({ type: 'comment.status', comment: row('approved'), previousStatus: 'pending' })?.type).toBe('comment.added');
    expect(liveEventFor({ type: 'comment.edited', comment: row('approved'), previousStatus: 'approved' })?.type).toBe('comment.updated');
    expect(liveEventFor({ type: 'comment.status', comment: row('rejected'), previousStatus: 'approved' })).toEqual({ type: 'comment.removed', id: 'c1', parentId: 'p' });
    expect(liveEventFor({ type: 'comment.status', comment: row('deleted'), previousStatus: 'approved' })?.type).toBe('comment.removed');
    expect(liveEventFor({ type: 'comment.status', comment: row('rejected'), previousStatus: 'pending' })).toBeNull();
    expect(liveEventFor({ type: 'comment.reported', comment: row('approved') })).toBeNull();
  });

  it('feeds the bus from the comment listeners, without leaking private fields', () => {
    const listeners = new Set<(e: CommentEvent) => void>();
    const bus = new MemoryEventBus();
    const got: LiveEvent[] = [];
    bus.subscribe('st', (e) => got.push(e));
    const stop = feedCommentEvents(listeners, bus);
    for (const l of listeners) l({ type: 'comment.created', comment: { ...row('approved'), edit_key_hash: 'secret', ip: '1.2.3.4' } });
    expect(got).toHaveLength(1);
    expect(JSON.stringify(got[0])).not.toMatch(/secret|1\.2\.3\.4/);
    stop();
    expect(listeners.size).toBe(0);
  });
});
