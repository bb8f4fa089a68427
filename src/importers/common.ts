import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import type { Deps } from '../deps.js';
import type { CommentStatus } from '../modules/comments/comment.table.js';
import type { Site } from '../modules/sites/site.service.js';
import type { ModerationReason } from '../moderation/pipeline/types.js';
import { ImportRepository } from './import.repository.js';
import { StagingRepository } from './staging.repository.js';

export const IMPORT_FORMATS = ['disqus', 'wordpress', 'commento', 'remark42', 'isso', 'agora'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export type ImportDeps = Pick<Deps, 'store' | 'stories' | 'comments' | 'clock'>;

/** A story (thread, post, page) as a format describes it. */
export interface StoryRecord {
  /** The format's id for it; comments point at it. */
  key: string;
  identifier?: string | null;
  url?: string | null;
  title?: string | null;
  body?: string;
  createdAt?: number | null;
  publishedAt?: number | null;
  closed?: boolean;
  image?: { url: string | null; caption: string | null; credit: string | null };
  /** Agora's own export only: keep the id. */
  id?: string;
}

export interface CommentRecord {
  /** The format's id for it: the import key is `${format}:${key}`. */
  key: string;
  storyKey: string;
  parentKey: string | null;
  authorName: string;
  authorEmail?: string | null;
  /** Markdown (formats that export HTML convert it with htmlToMarkdown). */
  body: string;
  createdAt: number;
  status: CommentStatus | 'spam';
  ip?: string | null;
  /** Agora's own export only. */
  id?: string;
  importKey?: string | null;
  editedAt?: number | null;
  deletedAt?: number | null;
  upvotes?: number;
  downvotes?: number;
  reasons?: ModerationReason[];
}

export interface ImportSummary {
  format: ImportFormat;
  stories: { created: number; existing: number };
  comments: { imported: number; existing: number } & Record<CommentStatus, number>;
  /** Reason → count: spam, empty, unknown story, deleted without replies, … */
  skipped: Record<string, number>;
  /** Replies whose parent never appeared (or sits in another story): kept as top-level comments. */
  orphans: number;
  /** Problems the parser recovered from (stray bytes, undefined entities). */
  warnings: number;
  bytes: number;
}

export interface ImportOptions {
  site: Site;
  format: ImportFormat;
  /** Comments per transaction. */
  batchSize?: number;
  /**
   * 'importKey': parents are found by `${format}:${parentKey}` (other systems). 'id': parentKey is an Agora
   * comment id (Agora's own export).
   */
  keyMode?: 'importKey' | 'id';
  /** Other systems keep every deleted comment; drop those without replies after the import. */
  dropChildlessDeleted?: boolean;
}

export type ProgressFn = (bytesRead: number) => void;

const LRU_SIZE = 50_000;

function normalizeAuthor(name: string, email: string | null | undefined): { name: string; email: string | null } {
  const clean = name.normalize('NFC').replace(/\s+/g, ' ').trim().slice(0, 80).trim() || 'Anonymous';
  const mail = email?.trim() || null;
  return { name: clean, email: mail && mail.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(mail) ? mail : null };
}

/**
 * Where every importer writes. Comments are committed in batches (500 a transaction); a reply met before its
 * parent goes to the import_staging table and is placed after the file ends, in as many passes over that table
 * as the file's disorder needs, so memory stays flat whatever the file's size. Only the story map (one entry per
 * story) and a bounded cache of recent comment ids live in memory.
 */
export class ImportWriter {
  readonly summary: ImportSummary;
  private readonly storyIds = new Map<string, string>();
  private readonly recent = new Map<string, { id: string; story_id: string }>();
  private batch: CommentRecord[] = [];
  private seq = 0;
  private readonly runId = `imp-${randomBytes(8).toString('hex')}`;

  constructor(
    private readonly deps: ImportDeps,
    private readonly opts: ImportOptions,
  ) {
    this.summary = {
      format: opts.format,
      stories: { created: 0, existing: 0 },
      comments: { imported: 0, existing: 0, approved: 0, pending: 0, rejected: 0, deleted: 0 },
      skipped: {},
      orphans: 0,
      warnings: 0,
      bytes: 0,
    };
  }

  skip(reason: string, n = 1): void {
    this.summary.skipped[reason] = (this.summary.skipped[reason] ?? 0) + n;
  }

  hasStory(key: string): boolean {
    return this.storyIds.has(key);
  }

  /** Finds the story by id, identifier or URL, or creates it. */
  async story(rec: StoryRecord): Promise<void> {
    if (this.storyIds.has(rec.key)) return;
    const { stories } = this.deps;
    const siteId = this.opts.site.id;
    let found = rec.id ? await stories.get(rec.id).catch(() => undefined) : undefined;
    if (found && found.siteId !== siteId) found = undefined;
    if (!found && rec.identifier) found = await stories.find(siteId, { identifier: rec.identifier });
    if (!found && rec.url) found = await stories.find(siteId, { url: rec.url }).catch(() => undefined);
    if (found) {
      this.summary.stories.existing++;
      this.storyIds.set(rec.key, found.id);
      return;
    }
    const created = await stories.importStory({
      siteId,
      ...(rec.id ? { id: rec.id } : {}),
      ...(rec.identifier ? { identifier: rec.identifier } : { identifier: rec.url ? undefined : `${this.opts.format}:${rec.key}` }),
      ...(rec.url ? { url: rec.url } : {}),
      ...(rec.title ? { title: rec.title } : {}),
      ...(rec.body ? { body: rec.body } : {}),
      ...(rec.image ? { image: rec.image } : {}),
      ...(rec.createdAt != null ? { createdAt: rec.createdAt } : {}),
      ...(rec.publishedAt !== undefined ? { publishedAt: rec.publishedAt } : {}),
      ...(rec.closed ? { closed: true } : {}),
    });
    this.summary.stories.created++;
    this.storyIds.set(rec.key, created.id);
  }

  async comment(rec: CommentRecord): Promise<void> {
    if (rec.status === 'spam') return this.skip('spam');
    if (rec.status !== 'deleted' && !rec.body.trim()) return this.skip('empty body');
    if (!Number.isFinite(rec.createdAt)) return this.skip('invalid date');
    if (!this.storyIds.has(rec.storyKey)) return this.skip('story not in the export');
    this.batch.push(rec);
    if (this.batch.length >= (this.opts.batchSize ?? 500)) await this.flush();
  }

  async flush(): Promise<void> {
    const batch = this.batch;
    this.batch = [];
    if (batch.length === 0) return;
    await this.deps.store.db.transaction().execute(async (trx) => {
      for (const rec of batch) await this.place(trx, rec, 'first');
    });
  }

  async finish(): Promise<ImportSummary> {
    await this.flush();
    await this.placeStaged();
    if (this.opts.dropChildlessDeleted) {
      const dropped = await new ImportRepository(this.deps.store.db).dropChildlessDeleted(this.opts.site.id, `${this.opts.format}:`);
      if (dropped) {
        this.skip('deleted without replies', dropped);
        this.summary.comments.deleted = Math.max(0, this.summary.comments.deleted - dropped);
        this.summary.comments.imported = Math.max(0, this.summary.comments.imported - dropped);
      }
    }
    return this.summary;
  }

  private importKeyOf(rec: CommentRecord): string | null {
    return rec.importKey !== undefined ? rec.importKey : `${this.opts.format}:${rec.key}`;
  }

  private async findParent(trx: Db, parentKey: string): Promise<{ id: string; story_id: string } | undefined> {
    const cacheKey = this.opts.keyMode === 'id' ? parentKey : `${this.opts.format}:${parentKey}`;
    const hit = this.recent.get(cacheKey);
    if (hit) return hit;
    const repo = new ImportRepository(trx);
    return this.opts.keyMode === 'id' ? repo.commentById(parentKey) : repo.commentIdByImportKey(this.opts.site.id, cacheKey);
  }

  private remember(rec: CommentRecord, row: { id: string; story_id: string }): void {
    const key = this.opts.keyMode === 'id' ? row.id : `${this.opts.format}:${rec.key}`;
    this.recent.set(key, { id: row.id, story_id: row.story_id });
    if (this.recent.size > LRU_SIZE) this.recent.delete(this.recent.keys().next().value!);
  }

  /**
   * Stores one comment. 'first': a missing parent stages it; 'retry': a missing parent leaves it staged;
   * 'orphan': the parent never came, so it becomes a top-level comment.
   */
  private async place(trx: Db, rec: CommentRecord, mode: 'first' | 'retry' | 'orphan'): Promise<'done' | 'waiting'> {
    const storyId = this.storyIds.get(rec.storyKey)!;
    let parentId: string | null = null;
    if (rec.parentKey && mode !== 'orphan') {
      const parent = await this.findParent(trx, rec.parentKey);
      if (!parent) {
        if (mode === 'first') {
          await new StagingRepository(trx).insert({ run_id: this.runId, seq: this.seq++, parent_key: rec.parentKey, payload: JSON.stringify(rec) });
        }
        return 'waiting';
      }
      if (parent.story_id === storyId) parentId = parent.id;
      else this.summary.orphans++;
    }
    if (mode === 'orphan') this.summary.orphans++;
    const author = normalizeAuthor(rec.authorName, rec.authorEmail);
    const status = rec.status as CommentStatus;
    const { comment, created } = await this.deps.comments.importOne(trx, {
      siteId: this.opts.site.id,
      storyId,
      parentId,
      body: status === 'deleted' ? '' : rec.body,
      author,
      importKey: this.importKeyOf(rec),
      createdAt: rec.createdAt,
      status,
      ...(rec.reasons ? { reasons: rec.reasons } : {}),
      ...(rec.id ? { id: rec.id } : {}),
      ...(rec.editedAt !== undefined ? { editedAt: rec.editedAt } : {}),
      ...(rec.deletedAt !== undefined ? { deletedAt: rec.deletedAt } : {}),
      ...(rec.upvotes ? { upvotes: rec.upvotes } : {}),
      ...(rec.downvotes ? { downvotes: rec.downvotes } : {}),
      ...(rec.ip && this.opts.site.settings.storeIps ? { ip: rec.ip } : {}),
    });
    this.remember(rec, comment);
    if (created) {
      this.summary.comments.imported++;
      this.summary.comments[status]++;
    } else {
      this.summary.comments.existing++;
    }
    return 'done';
  }

  /** Places staged replies whose parent has arrived, pass after pass; what never finds its parent goes top-level. */
  private async placeStaged(): Promise<void> {
    const db = this.deps.store.db;
    const staging = new StagingRepository(db);
    for (const mode of ['retry', 'orphan'] as const) {
      let progress = true;
      while (progress) {
        progress = false;
        let after = -1;
        for (;;) {
          const page = await staging.page(this.runId, after, this.opts.batchSize ?? 500);
          if (page.length === 0) break;
          after = page.at(-1)!.seq;
          await db.transaction().execute(async (trx) => {
            for (const row of page) {
              if ((await this.place(trx, JSON.parse(row.payload) as CommentRecord, mode)) === 'done') {
                await new StagingRepository(trx).delete(this.runId, row.seq);
                progress = true;
              }
            }
          });
        }
        if (mode === 'orphan') break;
      }
    }
    await staging.clear(this.runId);
  }
}

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', copy: '©', reg: '®', eacute: 'é', egrave: 'è', euro: '€',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return NAMED[e.toLowerCase()] ?? m;
  });
}

/** The Markdown subset Agora stores, from the HTML other systems export: paragraphs, breaks, links, emphasis. */
export function htmlToMarkdown(markup: string): string {
  return decodeEntities(
    markup
      .replace(/\r\n?/g, '\n')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')
      .replace(/<\/?p[^>]*>/gi, '\n\n')
      .replace(/<a\s[^>]*?href\s*=\s*["']([^"']*)["'][^>]*>([\s\S]*?)<\/a>/gi, (_m, href: string, text: string) => {
        const label = text.replace(/<[^>]*>/g, '').trim();
        return !label || label === href ? href : `[${label}](${href})`;
      })
      .replace(/<\/?(strong|b)>/gi, '**')
      .replace(/<\/?(em|i)>/gi, '*')
      .replace(/<[^>]*>/g, ''),
  )
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Epoch ms of an ISO-8601 or "YYYY-MM-DD HH:MM:SS" (UTC) date; NaN when unreadable. */
export function parseDate(value: string | undefined | null): number {
  const v = (value ?? '').trim();
  if (!v || v.startsWith('0000-00-00')) return NaN;
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(v) ? `${v.replace(' ', 'T')}Z` : v;
  return Date.parse(iso);
}
