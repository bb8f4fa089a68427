import type { Db } from '../../db/database.js';
import type { Clock } from '../../lib/ids.js';
import { CommentRepository } from '../comments/comment.repository.js';
import { StoryRepository } from '../stories/story.repository.js';
import { SiteRepository } from './site.repository.js';

export interface SiteOriginsOptions {
  db: Db;
  clock: Clock;
  /** How long a site's origins are trusted before being read again. */
  ttlMs?: number;
  /** Story and comment ids never change site, so their mapping is kept (bounded). */
  maxIds?: number;
}

/**
 * Which origins may call the API about a site, story or comment: exactly the site's `origins`. Origins are
 * cached briefly (an operator's change applies within the TTL); id → site mappings are immutable and cached.
 */
export class SiteOrigins {
  private readonly origins = new Map<string, { origins: Set<string>; until: number }>();
  private all: { origins: Set<string>; until: number } | undefined;
  private readonly siteOf = new Map<string, string | null>();
  private readonly ttlMs: number;
  private readonly maxIds: number;

  constructor(private readonly opts: SiteOriginsOptions) {
    this.ttlMs = opts.ttlMs ?? 30_000;
    this.maxIds = opts.maxIds ?? 20_000;
  }

  /** Origins of one site; an unknown site allows none. */
  async forSite(siteId: string): Promise<Set<string>> {
    const now = this.opts.clock();
    const hit = this.origins.get(siteId);
    if (hit && hit.until > now) return hit.origins;
    const row = await new SiteRepository(this.opts.db).findById(siteId);
    const origins = new Set<string>(row ? (JSON.parse(row.origins) as string[]) : []);
    this.origins.set(siteId, { origins, until: now + this.ttlMs });
    return origins;
  }

  /** Every site's origins together: for calls that concern no one site (a Markdown preview). */
  async anySite(): Promise<Set<string>> {
    const now = this.opts.clock();
    if (this.all && this.all.until > now) return this.all.origins;
    const rows = await new SiteRepository(this.opts.db).list();
    const origins = new Set<string>(rows.flatMap((r) => JSON.parse(r.origins) as string[]));
    this.all = { origins, until: now + this.ttlMs };
    return origins;
  }

  async siteOfStory(storyId: string): Promise<string | null> {
    return this.remember(`s:${storyId}`, async () => (await new StoryRepository(this.opts.db).findById(storyId))?.site_id ?? null);
  }

  async siteOfComment(commentId: string): Promise<string | null> {
    return this.remember(`c:${commentId}`, async () => (await new CommentRepository(this.opts.db).findById(commentId))?.site_id ?? null);
  }

  private async remember(key: string, load: () => Promise<string | null>): Promise<string | null> {
    const known = this.siteOf.get(key);
    if (known) return known;
    const site = await load();
    // Unknown ids are not cached: the story may be created a moment later.
    if (site) {
      if (this.siteOf.size >= this.maxIds) this.siteOf.clear();
      this.siteOf.set(key, site);
    }
    return site;
  }
}
