import { createContext } from 'preact';
import type { EmbedSettings, StoryView, ThreadSort } from '../../shared/api.js';
import type { Api } from './api.js';
import type { I18n } from './i18n.js';
import type { Auth } from './storage.js';
import type { Thread } from './thread.js';

/** What every comment of the widget needs: shared by context rather than threaded through each level. */
export interface WidgetContext {
  api: Api;
  i18n: I18n;
  thread: Thread;
  story: StoryView;
  settings: EmbedSettings;
  auth: Auth | null;
  reacted: Set<string>;
  focusId: string | null;
  sort: ThreadSort;
  /** Which comment has its reply, edit or report form open. */
  open: { id: string; form: 'reply' | 'edit' | 'report' } | null;
  target: string | null;
  pageUrl: string;
  setOpen(open: WidgetContext['open']): void;
  setFocus(id: string): void;
  refresh(): void;
  announce(text: string): void;
  signIn(): void;
}

export const Ctx = createContext<WidgetContext>(null as unknown as WidgetContext);
