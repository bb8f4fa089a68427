/** Every keyboard shortcut, in the order the help overlay lists them. */
export const SHORTCUTS: Array<[string, string]> = [
  ['j / k', 'next / previous comment'],
  ['a', 'approve (the selection, if any)'],
  ['r', 'reject, with a reason for the author'],
  ['f', 'feature / unfeature'],
  ['p', 'pin / unpin'],
  ['u', 'undo the last decision'],
  ['x', 'select for a bulk action'],
  ['h', "the author's history"],
  ['/', 'search'],
  ['1 – 6', 'pending, reported, flagged, unmoderated, approved, rejected'],
  ['?', 'this help'],
  ['Esc', 'close a dialog or panel'],
];

/** Keys typed into a field belong to the field, not to the shortcuts. */
export function isTyping(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  return !!t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
}
