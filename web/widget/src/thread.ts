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
    }
    for (const c of comments) {
      const known = this.nodes.has(c.id);
      this.add(c);
      if (!known || !this.top.includes(c.id)) this.top.push(c.id);
    }
  }

  /** A reply seen live or just posted: appended under its parent when the parent is loaded. */
  addReply(c: CommentView): boolean {
    const parent = c.parentId ? this.nodes.get(c.parentId) : undefined;
    if (!parent) return false;
    this.add(c);
    if (!parent.children.includes(c.id)) {
      parent.children.push(c.id);
      parent.c.replyCount += 1;
    }
    parent.collapsed = false;
    return true;
  }

  addTop(c: CommentView, atStart: boolean): void {
    this.add(c);
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

  /** Every loaded comment id, for "which did I react to". */
  ids(): string[] {
    return [...this.nodes.keys()];
  }
}
