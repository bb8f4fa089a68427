import { createHash } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { AppError } from '../../errors.js';
import type { Clock } from '../../lib/ids.js';
import type { CommentService } from '../../modules/comments/comment.service.js';
import type { Site } from '../../modules/sites/site.service.js';
import type { StoryService, Story } from '../../modules/stories/story.service.js';
import type { Moderate, ModerationDecision } from '../../moderation/pipeline/types.js';
import { parsePage, type ParsedComment } from './parse.js';

export interface PageImportSummary {
  story: Story;
  storyCreated: boolean;
  comments: { imported: number; existing: number; approved: number; pending: number; rejected: number };
}

export interface PageImportDeps {
  store: { db: Db };
  clock: Clock;
  stories: StoryService;
  comments: CommentService;
  moderate: Moderate;
}

/** A URL-safe identifier from a headline: "PMU Commander Denies…" → "pmu-commander-denies…". */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug || 'story';
}

const MINUTE = 60_000;

/**
 * Imports a page saved as text (article + comment tree) as a story with its thread. Each comment passes the
 * moderation pipeline, since a page carries no statuses. Comments are keyed by their content and place in the
 * tree, so importing the same page again adds only what is new.
 */
export async function importPage(
  deps: PageImportDeps,
  input: { text: string; site: Site; url?: string; identifier?: string; imageUrl?: string; publishedAt?: number },
): Promise<PageImportSummary> {
  let page;
  try {
    page = parsePage(input.text);
  } catch (err) {
    throw new AppError('VALIDATION', `not a page: ${(err as Error).message}`);
  }
  const identifier = input.identifier ?? (input.url ? undefined : slugify(page.title));
  let story = await deps.stories.find(input.site.id, { ...(identifier ? { identifier } : {}), ...(input.url ? { url: input.url } : {}) });
  const storyCreated = !story;
  story ??= await deps.stories.create({
    siteId: input.site.id,
    ...(identifier ? { identifier } : {}),
    ...(input.url ? { url: input.url } : {}),
    title: page.title,
    body: page.body,
    image: { url: input.imageUrl ?? null, caption: page.caption, credit: page.credit },
    publishedAt: input.publishedAt ?? deps.clock(),
  });
  const target = story;
  const counts = { imported: 0, existing: 0, approved: 0, pending: 0, rejected: 0 };

  // Document order, parents before replies; times are made up a few minutes apart, since a page has none.
  const flat: Array<{ comment: ParsedComment; key: string; parentKey: string | null }> = [];
  const walk = (list: ParsedComment[], parentKey: string | null) => {
    const seen = new Map<string, number>();
    for (const c of list) {
      const base = createHash('sha256').update(`${parentKey ?? ''}\n${c.author}\n${c.body}`).digest('base64url').slice(0, 22);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      const key = `page:${target.id}:${base}${n ? `-${n}` : ''}`;
      flat.push({ comment: c, key, parentKey });
      walk(c.replies, key);
    }
  };
  walk(page.comments, null);

  const decisions: ModerationDecision[] = [];
  for (const { comment } of flat) {
    decisions.push(await deps.moderate({ site: input.site, story: target, body: comment.body, authorName: comment.author, isEdit: false }));
  }

  await deps.store.db.transaction().execute(async (trx) => {
    const idByKey = new Map<string, string>();
    const start = target.publishedAt ?? deps.clock();
    for (const [i, { comment, key, parentKey }] of flat.entries()) {
      const decision = decisions[i]!;
      const { comment: row, created } = await deps.comments.importOne(trx, {
        siteId: input.site.id,
        storyId: target.id,
        parentId: parentKey ? (idByKey.get(parentKey) ?? null) : null,
        body: comment.body || '(no text)',
        author: { name: comment.author },
        importKey: key,
        createdAt: start + (i + 1) * 7 * MINUTE,
        status: decision.status,
        reasons: decision.reasons,
      });
      idByKey.set(key, row.id);
      if (!created) {
        counts.existing++;
        continue;
      }
      counts.imported++;
      counts[decision.status]++;
    }
  });
  return { story: await deps.stories.get(target.id), storyCreated, comments: counts };
}
