import type { ThreadPage } from './thread.service.js';

/**
 * Cached thread pages, invalidated explicitly by story on every change that alters what a page shows. A TTL
 * bounds how long a change made outside this process (an import from the CLI) can go unseen; changes made through
 * the server always invalidate at once, so a page never shows a comment after it was rejected or deleted.
 */
export interface ThreadCache {
  get(storyId: string, key: string): Promise<ThreadPage | undefined>;
  set(storyId: string, key: string, page: ThreadPage): Promise<void>;
  invalidate(storyId: string): Promise<void>;
}

export const noThreadCache: ThreadCache = {
  get: async () => undefined,
  set: async () => {},
  invalidate: async () => {},
};

/** In-process cache: the most recently read stories, each with its recently read pages. */
export function memoryThreadCache(opts: { maxStories?: number; maxPagesPerStory?: number; ttlMs?: number; clock?: () => number } = {}): ThreadCache {
  const maxStories = opts.maxStories ?? 1000;
  const maxPages = opts.maxPagesPerStory ?? 50;
  const ttl = opts.ttlMs ?? 30_000;
  const clock = opts.clock ?? Date.now;
  const stories = new Map<string, Map<string, { page: ThreadPage; at: number }>>();
  return {
    async get(storyId, key) {
      const pages = stories.get(storyId);
      const hit = pages?.get(key);
      if (!pages || !hit) return undefined;
      if (clock() - hit.at > ttl) {
        pages.delete(key);
        return undefined;
      }
      // Most recently used last, so eviction takes the coldest story.
      stories.delete(storyId);
      stories.set(storyId, pages);
      return hit.page;
    },
    async set(storyId, key, page) {
      let pages = stories.get(storyId);
      if (!pages) {
        pages = new Map();
        stories.set(storyId, pages);
        if (stories.size > maxStories) stories.delete(stories.keys().next().value!);
      }
      pages.set(key, { page, at: clock() });
      if (pages.size > maxPages) pages.delete(pages.keys().next().value!);
    },
    async invalidate(storyId) {
      stories.delete(storyId);
    },
  };
}
