/** How a host page configures the embed: data-* attributes on the script tag, or window.agoraConfig. */
export interface EmbedConfig {
  /** The site id in Agora. */
  site: string;
  /** The story's canonical URL (defaults to the page's URL without its fragment). */
  url?: string;
  /** The host's own id for the story; preferred over url when given. */
  identifier?: string;
  title?: string;
  /** light, dark, or auto (the host page's data-theme, else the system's preference). */
  theme?: string;
  /** en, ar, …; defaults to the host page's lang. */
  lang?: string;
  /** CSS selector of the element to render into; defaults to #agora-thread, created after the script. */
  container?: string;
  /** Top-level comments per page (default 20, at most 100). */
  pageSize?: number;
}

/** What the loader hands the widget module. */
export interface MountOptions extends EmbedConfig {
  /** Agora's origin, e.g. https://agora.example. */
  api: string;
}

export interface WidgetModule {
  mount(root: ShadowRoot, options: MountOptions): void;
}
