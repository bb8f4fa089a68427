import { render } from 'preact';
import type { MountOptions } from '../../shared/config.js';
import css from '../styles/widget.css';
import { App } from './App.js';
import { createI18n } from './i18n.js';

/** The host page's own theme: data-theme on the tag, else on the page's <html>, else the system's. */
function themeOf(opts: MountOptions): string {
  const t = opts.theme || document.documentElement.dataset.theme || 'auto';
  return ['light', 'dark'].includes(t) ? t : 'auto';
}

/** Renders the thread into the shadow root the loader made: the host page's CSS cannot reach in. */
export function mount(root: ShadowRoot, opts: MountOptions): void {
  performance.mark('agora:mount');
  const i18n = createI18n(opts.lang);
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  root.adoptedStyleSheets = [sheet];
  root.textContent = '';
  const box = document.createElement('div');
  box.className = 'agora';
  box.lang = i18n.lang;
  box.dir = i18n.dir;
  box.dataset.theme = themeOf(opts);
  root.append(box);
  if (!opts.theme) {
    // Follow a host page that switches its theme at run time.
    new MutationObserver(() => (box.dataset.theme = themeOf(opts))).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  }
  render(<App opts={opts} i18n={i18n} />, box);
}
