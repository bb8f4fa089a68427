import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../errors.js';
import type { Clock } from '../../lib/ids.js';
import { SiteRepository } from './site.repository.js';
import { DEFAULT_SITE_SETTINGS, parseSiteSettings, type SiteSettings } from './site.settings.js';
import type { SiteRow } from './site.table.js';

export interface Site {
  id: string;
  name: string;
  origins: string[];
  settings: SiteSettings;
  createdAt: number;
}

export function toSite(row: SiteRow): Site {
  return {
    id: row.id,
    name: row.name,
    origins: JSON.parse(row.origins) as string[],
    settings: parseSiteSettings(row.settings),
    createdAt: row.created_at,
  };
}

/** "https://News.Example:443/x" → "https://news.example"; throws on anything that is not an http(s) origin. */
export function normalizeOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('VALIDATION', `"${value}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('VALIDATION', `origin "${value}" must use http or https`);
  }
  return url.origin;
}

export class SiteService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async get(id: string): Promise<Site> {
    const row = await new SiteRepository(this.db).findById(id);
    if (!row) throw notFound('site', id);
    return toSite(row);
  }

  async list(): Promise<Site[]> {
    return (await new SiteRepository(this.db).list()).map(toSite);
  }

  async create(input: { id: string; name: string; origins?: string[]; settings?: Partial<SiteSettings> }): Promise<Site> {
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(input.id)) {
      throw new AppError('VALIDATION', 'site id must be 1-63 lower-case letters, digits or dashes');
    }
    const repo = new SiteRepository(this.db);
    if (await repo.findById(input.id)) throw new AppError('CONFLICT', `site "${input.id}" exists already`);
    const origins = [...new Set((input.origins ?? []).map(normalizeOrigin))];
    await repo.insert({
      id: input.id,
      name: input.name,
      origins: JSON.stringify(origins),
      settings: JSON.stringify({ ...DEFAULT_SITE_SETTINGS, ...input.settings }),
      created_at: this.clock(),
    });
    return this.get(input.id);
  }

  async update(id: string, patch: { name?: string; origins?: string[]; settings?: Partial<SiteSettings> }): Promise<Site> {
    const site = await this.get(id);
    await new SiteRepository(this.db).update(id, {
      name: patch.name ?? site.name,
      origins: JSON.stringify(patch.origins ? [...new Set(patch.origins.map(normalizeOrigin))] : site.origins),
      settings: JSON.stringify({ ...site.settings, ...patch.settings }),
    });
    return this.get(id);
  }
}
