/*
 * Fills comment counts into a story list: every `a[data-agora-count]` (its href names the story) and every
 * `[data-agora-identifier]` element, in ONE request. The element's data-agora-format may hold a template
 * such as "{n} comments"; otherwise the number alone is written.
 */
(() => {
  const script = document.currentScript as HTMLScriptElement | null;
  const src = script?.src;
  const site = script?.dataset.site ?? (window as { agoraConfig?: { site?: string } }).agoraConfig?.site;
  if (!src || !site) return;
  const api = new URL(src).origin;
  const els = [...document.querySelectorAll<HTMLElement>('a[data-agora-count], [data-agora-identifier]')];
  const refOf = (el: HTMLElement): string | null =>
    el.dataset.agoraIdentifier || (el instanceof HTMLAnchorElement ? el.href.split('#')[0] ?? null : null);
  const refs = [...new Set(els.map(refOf).filter((r): r is string => !!r))].slice(0, 100);
  if (refs.length === 0) return;
  const qs = refs.map((r) => 'ids=' + encodeURIComponent(r)).join('&');
  fetch(`${api}/api/v1/sites/${encodeURIComponent(site)}/counts?${qs}`)
    .then((r) => (r.ok ? (r.json() as Promise<{ counts: Record<string, number> }>) : null))
    .then((body) => {
      if (!body) return;
      for (const el of els) {
        const ref = refOf(el);
        const n = ref ? body.counts[ref] : undefined;
        if (n === undefined) continue;
        const format = el.dataset.agoraFormat;
        el.textContent = format ? format.replace('{n}', String(n)) : String(n);
        el.dataset.agoraCountLoaded = '';
      }
    })
    .catch(() => {
      // Counts are decoration: a failure leaves the links as they were.
    });
})();
