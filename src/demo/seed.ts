import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Deps } from '../deps.js';
import { importPage, slugify } from '../importers/page/import.js';
import { packageRoot } from '../lib/paths.js';
import type { Site } from '../modules/sites/site.service.js';

export const DEMO_SITE_ID = 'demo';

/** The site an import goes into, created on first use with the import's URL origin allowed. */
export async function ensureSite(deps: Pick<Deps, 'sites' | 'config'>, id: string, url?: string): Promise<Site> {
  const existing = (await deps.sites.list()).find((s) => s.id === id);
  if (existing) return existing;
  const origins = [deps.config.publicUrl, ...(url ? [new URL(url).origin] : [])];
  return deps.sites.create({ id, name: id === DEMO_SITE_ID ? 'The Millbrook Courier' : id, origins });
}

/**
 * On a fresh store, loads the demo site: the project's own articles in demo/, each through the page importer and
 * so through the moderation pipeline, which holds the comments a moderator would. Does nothing once any site exists.
 */
export async function seedDemo(deps: Deps): Promise<{ stories: number; comments: number } | null> {
  if ((await deps.sites.list()).length > 0) return null;
  const site = await ensureSite(deps, DEMO_SITE_ID);
  const dir = join(packageRoot(), 'demo');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.txt')).sort();
  let comments = 0;
  const day = 24 * 60 * 60 * 1000;
  for (const [i, file] of files.entries()) {
    const text = await readFile(join(dir, file), 'utf8');
    const slug = file.replace(/\.txt$/, '');
    const r = await importPage(deps, {
      text,
      site,
      identifier: slugify(slug),
      imageUrl: `/assets/demo/${slug}.svg`,
      publishedAt: deps.clock() - (files.length - i) * day,
    });
    comments += r.comments.imported;
  }
  return { stories: files.length, comments };
}
