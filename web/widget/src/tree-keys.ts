import type { WidgetContext } from './context.js';

/**
 * Keyboard use of the comment tree (WAI-ARIA tree pattern): Up/Down move between visible comments, Right
 * expands or enters a branch, Left collapses or goes to the parent, Home/End jump. Keys typed in a form
 * inside a comment are left alone.
 */
export function onTreeKey(e: KeyboardEvent, ctx: WidgetContext): void {
  const item = e.target as HTMLElement;
  if (item.getAttribute('role') !== 'treeitem') return;
  const tree = item.closest('[role="tree"]');
  if (!tree) return;
  const items = [...tree.querySelectorAll<HTMLElement>('[role="treeitem"]')];
  const i = items.indexOf(item);
  const id = item.dataset.commentId ?? '';
  const expanded = item.getAttribute('aria-expanded');
  const rtl = getComputedStyle(item).direction === 'rtl';
  const key = rtl && e.key === 'ArrowLeft' ? 'ArrowRight' : rtl && e.key === 'ArrowRight' ? 'ArrowLeft' : e.key;
  let next: HTMLElement | null | undefined;
  switch (key) {
    case 'ArrowDown':
      next = items[i + 1];
      break;
    case 'ArrowUp':
      next = items[i - 1];
      break;
    case 'Home':
      next = items[0];
      break;
    case 'End':
      next = items.at(-1);
      break;
    case 'ArrowRight':
      if (expanded === 'false') toggle(ctx, id, false);
      else if (expanded === 'true') next = item.querySelector<HTMLElement>(':scope > [role="group"] > [role="treeitem"]');
      break;
    case 'ArrowLeft':
      if (expanded === 'true') toggle(ctx, id, true);
      else next = item.parentElement?.closest<HTMLElement>('[role="treeitem"]');
      break;
    default:
      return;
  }
  e.preventDefault();
  if (next) {
    ctx.setFocus(next.dataset.commentId ?? '');
    next.focus();
  }
}

function toggle(ctx: WidgetContext, id: string, collapsed: boolean): void {
  const node = ctx.thread.nodes.get(id);
  if (!node) return;
  node.collapsed = collapsed;
  ctx.refresh();
}

/**
 * After a "load more" button brought comments, the first of them takes the focus: the button was disabled while
 * loading and is gone after the last page, either of which drops the focus to the page's body. Focus the reader has
 * moved elsewhere meanwhile stays there.
 */
export function focusLoaded(button: HTMLElement, id: string | undefined): void {
  if (!id) return;
  const root = button.getRootNode() as Document | ShadowRoot;
  // After the render of the new comments (Preact renders in a microtask); the item's onFocus moves the roving focus.
  requestAnimationFrame(() => {
    const active = root.activeElement ?? document.activeElement;
    if (active && active !== button && active !== document.body) return;
    root.querySelector<HTMLElement>(`[data-comment-id="${id}"]`)?.focus();
  });
}
