import type { CommentView } from '../../shared/api.js';

export interface Node {
  c: CommentView;
  children: string[];
  /** Replies known to exist but not loaded. */
  more: number;
  /** Where "load more replies" continues; undefined before the first load. */
  cursor?: string | null;
  collapsed: boolean;
  /** Held for moderation: shown only to its author, in this browser. */
  pending?: boolean;
}

/** The loaded part of a thread, by id, so live events and loads of any branch find their place at once. */
export class Thread {
  nodes = new Map<string, Node>();
  top: string[] = [];
  nextCursor: string | null = null;
  /** New top-level comments that arrived live, shown on request ("N new comments"). */
  incoming: CommentView[] = [];
  /** Comments published (+1) or unpublished (-1) since the thread was read, by id, so the heading's count follows. */
  private changed = new Map<string, 1 | -1>();

  /** Registers a comment and the replies nested in it; returns its node. */
  add(c: CommentView): Node {
    const existing = this.nodes.get(c.id);
    const node: Node = existing ?? { c, children: [], more: 0, collapsed: false };
    node.c = { ...c, replies: [] };
    for (const r of c.replies) {
      this.add(r);
      if (!node.children.includes(r.id)) node.children.push(r.id);
    }
    node.more = Math.max(0, c.replyCount - node.children.length);
    this.nodes.set(c.id, node);
    return node;
  }

  addPage(comments: CommentView[], replace: boolean): void {
    if (replace) {
      this.nodes.clear();
      this.top = [];
      this.incoming = [];
      this.changed.clear();
    }
    for (const c of comments) {
      const known = this.nodes.has(c.id);
      this.add(c);
      if (!known || !this.top.includes(c.id)) this.top.push(c.id);
    }
  }

  /**
   * A reply appended under its parent when the parent is loaded. A reply seen live or just posted is new, and
   * counts; one fetched by "load more replies" (`fresh` false) is already in the parent's replyCount.
   */
  addReply(c: CommentView, fresh = true): boolean {
    const parent = c.parentId ? this.nodes.get(c.parentId) : undefined;
    if (!parent) return false;
    this.add(c);
    if (!parent.children.includes(c.id)) {
      parent.children.push(c.id);
      if (fresh) parent.c.replyCount += 1;
    }
    parent.collapsed = false;
    return true;
  }

  addTop(c: CommentView, atStart: boolean): void {
    this.add(c);
    // Shown now, so no longer waiting behind "N new comments" (one's own comment can arrive live before the answer).
    this.incoming = this.incoming.filter((x) => x.id !== c.id);
    if (this.top.includes(c.id)) return;
    if (atStart) this.top.unshift(c.id);
    else this.top.push(c.id);
  }

  /** A removed comment leaves a tombstone while it has loaded replies, otherwise it disappears. */
  remove(id: string, parentId: string | null): void {
    const node = this.nodes.get(id);
    this.incoming = this.incoming.filter((c) => c.id !== id);
    if (!node) return;
    if (node.children.length > 0) {
      node.c = { ...node.c, status: 'deleted', html: '', author: { name: '' } };
      return;
    }
    this.nodes.delete(id);
    if (parentId) {
      const parent = this.nodes.get(parentId);
      if (parent) {
        parent.children = parent.children.filter((x) => x !== id);
        parent.c.replyCount = Math.max(0, parent.c.replyCount - 1);
      }
    } else this.top = this.top.filter((x) => x !== id);
  }

  /**
   * Notes that a comment was published or unpublished after the thread was read. The same change seen twice (the
   * author's own request and then the live event) counts once; a change undone cancels out.
   */
  count(id: string, change: 1 | -1): void {
    const was = this.changed.get(id);
    if (was === change) return;
    if (was) this.changed.delete(id);
    else this.changed.set(id, change);
  }

  /** How far the published count has moved since the thread was read. */
  countChange(): number {
    let n = 0;
    for (const change of this.changed.values()) n += change;
    return n;
  }

  /** Every loaded comment id, for "which did I react to". */
  ids(): string[] {
    return [...this.nodes.keys()];
  }
}
