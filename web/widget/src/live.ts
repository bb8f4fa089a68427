import type { LiveEventData } from '../../shared/api.js';

/**
 * Follows a story's Server-Sent Events. The browser's EventSource reconnects by itself with Last-Event-ID;
 * when it gives up (the server answered an error), this reconnects with ?lastEventId after a growing pause.
 */
export function follow(opts: {
  url: (lastEventId: string | null) => string;
  /** Where the first connection resumes: the live position the thread was read at, so nothing since is missed. */
  from?: string | undefined;
  onEvent: (data: LiveEventData) => void;
  onReset: () => void;
  /** The stream is open, and the server is subscribed: from now on no event is missed. */
  onOpen?: () => void;
}): () => void {
  let last: string | null = opts.from ?? null;
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let delay = 2000;
  let stopped = false;

  const open = (): void => {
    source = new EventSource(opts.url(last));
    source.onopen = () => {
      delay = 2000;
      opts.onOpen?.();
    };
    source.onmessage = (e: MessageEvent<string>) => {
      if (e.lastEventId) last = e.lastEventId;
      try {
        opts.onEvent(JSON.parse(e.data) as LiveEventData);
      } catch {
        // A malformed event is skipped; the next one is independent of it.
      }
    };
    source.addEventListener('reset', () => opts.onReset());
    source.onerror = () => {
      if (source?.readyState !== EventSource.CLOSED || stopped) return;
      timer = setTimeout(open, delay);
      delay = Math.min(delay * 2, 60_000);
    };
  };
  open();
  return () => {
    stopped = true;
    clearTimeout(timer);
    source?.close();
  };
}
