import type { EmbedConfig, WidgetModule } from '../shared/config.js';

/** The widget bundle's hashed file name, written in at build time. */
declare const __WIDGET_FILE__: string;

declare global {
  interface Window {
    agoraConfig?: EmbedConfig;
  }
}

/*
 * The loader a host page includes. It stays tiny and is cached briefly (it is the only file whose name never
 * changes); it reads the configuration, makes the shadow root that isolates the widget from the page's CSS and
 * imports the hashed, long-cached widget module.
 */
(() => {
  const script = document.currentScript as HTMLScriptElement | null;
  const src = script?.src || (document.querySelector('script[src*="/embed.js"]') as HTMLScriptElement | null)?.src;
  if (!src) return;
  const base = new URL('./', src);
  const data = script?.dataset ?? {};
  const cfg: EmbedConfig = { ...window.agoraConfig, ...(data as Partial<EmbedConfig>), site: data.site ?? window.agoraConfig?.site ?? '' };
  if (data.pageSize) cfg.pageSize = Number(data.pageSize);
  if (!cfg.site) {
    console.error('[agora] the embed needs data-site (or window.agoraConfig.site)');
    return;
  }
  let host = document.querySelector<HTMLElement>(cfg.container ?? '#agora-thread');
  if (!host) {
    host = document.createElement('div');
    host.id = 'agora-thread';
    (script ?? document.body.lastElementChild ?? document.body).after(host);
  }
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  root.textContent = '…';
  import(/* @vite-ignore */ new URL('widget/' + __WIDGET_FILE__, base).href)
    .then((m: WidgetModule) => m.mount(root, { ...cfg, api: base.origin }))
    .catch((err: unknown) => {
      // A server-rendered thread inside the container (Agora's own pages) shows again through a slot.
      if (host.childElementCount) root.replaceChildren(document.createElement('slot'));
      else root.textContent = 'Comments could not be loaded.';
      console.error('[agora]', err);
    });
})();
