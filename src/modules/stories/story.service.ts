import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../errors.js';
import type { Clock, IdGenerator } from '../../lib/ids.js';
import { SiteRepository } from '../sites/site.repository.js';
import { toSite } from '../sites/site.service.js';
import { StoryRepository } from './story.repository.js';
import type { StoryRow } from './story.table.js';

export interface Story {
  id: string;
  siteId: string;
  identifier: string;
  url: string | null;
  title: string;
  body: string;
  image: { url: string | null; caption: string | null; credit: string | null };
  publishedAt: number | null;
  closed: boolean;
  commentCount: number;
  createdAt: number;
  updatedAt: number;
}

export function toStory(row: StoryRow): Story {
  return {
    id: row.id,
    siteId: row.site_id,
    identifier: row.identifier,
    url: row.url,
    title: row.title,
    body: row.body,
    image: { url: row.image_url, caption: row.image_caption, credit: row.image_credit },
    publishedAt: row.published_at,
    closed: Boolean(row.closed),
    commentCount: row.comment_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The canonical form of a story URL: no fragment, lower-case host, default port dropped. */
export function canonicalUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('VALIDATION', `story url "${value}" is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('VALIDATION', 'story url must use http or https');
  }
  url.hash = '';
  return url;
}

export interface StoryInput {
  siteId: string;
  identifier?: string;
  url?: string;
  title?: string;
  body?: string;
  image?: { url?: string | null; caption?: string | null; credit?: string | null };
  publishedAt?: number | null;
  closed?: boolean;
}

export class StoryService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async get(id: string): Promise<Story> {
    const row = await new StoryRepository(this.db).findById(id);
    if (!row) throw notFound('story', id);
    return toStory(row);
  }

  async listBySite(siteId: string, limit: number, before?: { publishedAt: number; id: string }): Promise<Story[]> {
    return (await new StoryRepository(this.db).listBySite(siteId, limit, before)).map(toStory);
  }

  /**
   * Approved-comment counts keyed by each ref as given (an identifier, or a URL matched in canonical form);
   * refs naming no story count 0.
   */
  async countsByRefs(siteId: string, refs: string[]): Promise<Record<string, number>> {
    const canonical = new Map<string, string>();
    for (const ref of refs) {
      try {
        if (/^https?:\/\//i.test(ref)) canonical.set(ref, canonicalUrl(ref).href);
      } catch {
        // not a URL after all: matched as an identifier only
      }
    }
    const rows = await new StoryRepository(this.db).findByRefs(siteId, [...new Set([...refs, ...canonical.values()])]);
    const byIdentifier = new Map(rows.map((r) => [r.identifier, Number(r.comment_count)]));
    const byUrl = new Map(rows.filter((r) => r.url !== null).map((r) => [r.url!, Number(r.comment_count)]));
    const counts: Record<string, number> = {};
    for (const ref of refs) {
      const url = canonical.get(ref);
      counts[ref] = byIdentifier.get(ref) ?? (url ? byUrl.get(url) : undefined) ?? byUrl.get(ref) ?? 0;
    }
    return counts;
  }

  async find(siteId: string, ref: { identifier?: string; url?: string }): Promise<Story | undefined> {
    const repo = new StoryRepository(this.db);
    const row = ref.identifier
      ? await repo.findByIdentifier(siteId, ref.identifier)
      : ref.url
        ? await repo.findByUrl(siteId, canonicalUrl(ref.url).href)
        : undefined;
    return row && toStory(row);
  }

  /**
   * The story an embed points at, created on first sight the way Coral and Disqus do: only for a URL on one of
   * the site's origins, so nobody can create stories for a site from elsewhere.
   */
  async resolve(input: { siteId: string; identifier?: string; url?: string; title?: string }): Promise<{ story: Story; created: boolean }> {
    if (!input.identifier && !input.url) throw new AppError('VALIDATION', 'give the story url or identifier');
    const existing = await this.find(input.siteId, input);
    if (existing) return { story: existing, created: false };
    const siteRow = await new SiteRepository(this.db).findById(input.siteId);
    if (!siteRow) throw notFound('site', input.siteId);
    const site = toSite(siteRow);
    if (!site.settings.createStoriesOnTheFly) throw notFound('story', input.identifier ?? input.url ?? '');
    if (!input.url) throw new AppError('VALIDATION', 'a new story needs its url');
    const url = canonicalUrl(input.url);
    if (!site.origins.includes(url.origin)) {
      throw new AppError('ORIGIN_NOT_ALLOWED', `${url.origin} is not one of site "${site.id}"'s origins`);
    }
    try {
      return { story: await this.create({ ...input, url: url.href }), created: true };
    } catch (err) {
      // Two first readers at once: the other request created it.
      const raced = await this.find(input.siteId, input);
      if (raced) return { story: raced, created: false };
      throw err;
    }
  }

  async create(input: StoryInput): Promise<Story> {
    // A new story is published now unless told otherwise (an import may keep an export's missing date).
    const publishedAt = input.publishedAt ?? undefined;
    return this.insert({ ...input, publishedAt }, input.url ? canonicalUrl(input.url).href : null, this.ids(), this.clock());
  }

  /** For importers: a story with a history elsewhere, keeping its id and creation time when given. */
  async importStory(input: StoryInput & { id?: string; createdAt?: number }): Promise<Story> {
    let url: string | null = null;
    try {
      url = input.url ? canonicalUrl(input.url).href : null;
    } catch {
      // Old exports carry relative or malformed links: keep the story, without its URL.
    }
    return this.insert(input, url, input.id ?? this.ids(), input.createdAt ?? this.clock());
  }

  private async insert(input: StoryInput, url: string | null, id: string, now: number): Promise<Story> {
    const identifier = input.identifier || url;
    if (!identifier) throw new AppError('VALIDATION', 'a story needs an identifier or a url');
    await new StoryRepository(this.db).insert({
      id,
      site_id: input.siteId,
      identifier,
      url,
      title: input.title?.trim() || url || identifier,
      body: input.body ?? '',
      image_url: input.image?.url ?? null,
      image_caption: input.image?.caption ?? null,
      image_credit: input.image?.credit ?? null,
      published_at: input.publishedAt === undefined ? now : input.publishedAt,
      closed: input.closed ? 1 : 0,
      comment_count: 0,
      created_at: now,
      updated_at: now,
    });
    return this.get(id);
  }

  async setClosed(id: string, closed: boolean): Promise<Story> {
    await this.get(id);
    await new StoryRepository(this.db).update(id, { closed: closed ? 1 : 0, updated_at: this.clock() });
    return this.get(id);
  }
}
