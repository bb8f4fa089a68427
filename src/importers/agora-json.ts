import { Readable } from 'node:stream';
import Assembler from 'stream-json/Assembler.js';
import Parser from 'stream-json/Parser.js';
import { DEFAULT_SITE_SETTINGS, type SiteSettings } from '../modules/sites/site.settings.js';
import type { Deps } from '../deps.js';
import type { CommentStatus } from '../modules/comments/comment.table.js';
import type { ModerationReason } from '../moderation/pipeline/types.js';
import { ImportWriter, type ImportDeps, type ImportSummary, type StoryRecord } from './common.js';
import { textChunks, type ImportInput } from './input.js';

interface Token {
  name: string;
  value?: string | number | boolean | null;
}

interface ExportedComment {
  id: string;
  parentId: string | null;
  status: CommentStatus;
  author: { name: string; email: string | null };
  body: string;
  createdAt: number;
  editedAt: number | null;
  deletedAt: number | null;
  upvotes?: number;
  downvotes?: number;
  reasons?: ModerationReason[];
  importKey?: string | null;
}

const VALUE_START = new Set(['startObject', 'startArray', 'stringValue', 'numberValue', 'nullValue', 'trueValue', 'falseValue']);

type Frame = { kind: 'obj'; key: string | null } | { kind: 'arr'; index: number };

/**
 * Agora's own JSON export (exporters/agora-json.ts), streamed token by token: only one site's fields, one
 * story's fields and one comment are assembled at a time. Ids, statuses, times, votes and reasons are kept, so
 * export → import into an empty store → export gives the same document (exportedAt aside). Keys may come in any
 * order, except that a story's comments must follow its id (as the exporter writes them).
 */
export async function importAgoraJson(
  deps: ImportDeps & Pick<Deps, 'sites'>,
  opts: { input: ImportInput; siteId?: string; onBytes?: (n: number) => void },
): Promise<ImportSummary[]> {
  const summaries: ImportSummary[] = [];
  const stack: Frame[] = [];
  let capture: { asm: Assembler; path: string[] } | null = null;

  let site: { id?: string; name?: string; origins?: string[]; settings?: Partial<SiteSettings> } = {};
  let writer: ImportWriter | null = null;
  let skipSite = false;
  let story: Partial<StoryRecord> & { key?: string } = {};
  let storyReady = false;

  const ensureWriter = async (): Promise<ImportWriter | null> => {
    if (writer || skipSite) return writer;
    if (!site.id || (opts.siteId && site.id !== opts.siteId)) {
      skipSite = true;
      return null;
    }
    const existing = await deps.sites.get(site.id).catch(() => undefined);
    const target = existing ?? (await deps.sites.create({ id: site.id, name: site.name ?? site.id, origins: site.origins ?? [], settings: { ...DEFAULT_SITE_SETTINGS, ...site.settings } }));
    writer = new ImportWriter(deps, { site: target, format: 'agora', keyMode: 'id' });
    return writer;
  };
  const ensureStory = async (): Promise<void> => {
    if (storyReady) return;
    storyReady = true;
    const w = await ensureWriter();
    if (w && story.key) await w.story(story as StoryRecord);
  };

  const onValue = async (path: string[], value: unknown): Promise<void> => {
    // sites.N.<field> | sites.N.stories.M.<field> | sites.N.stories.M.comments.K (6 steps)
    if (path[0] !== 'sites' || path.length < 3) return;
    if (path.length === 3 && path[2] !== 'stories') {
      (site as Record<string, unknown>)[path[2]!] = value;
    } else if (path.length === 5 && path[2] === 'stories' && path[4] !== 'comments') {
      const v = value as never;
      if (path[4] === 'id') story = { ...story, id: v, key: v };
      else if (path[4] === 'image') story.image = v;
      else if (['identifier', 'url', 'title', 'body', 'publishedAt', 'closed', 'createdAt'].includes(path[4]!)) {
        (story as Record<string, unknown>)[path[4]!] = value;
      }
    } else if (path.length === 6 && path[4] === 'comments') {
      await ensureStory();
      const w = await ensureWriter();
      const c = value as ExportedComment;
      if (!w) return;
      // The exporter writes a story's fields before its comments; a story's comments are not buffered.
      if (!story.key) return w.skip('comment before its story\'s id');
      await w.comment({
        key: c.id,
        id: c.id,
        storyKey: story.key,
        parentKey: c.parentId,
        authorName: c.author?.name ?? '',
        authorEmail: c.author?.email ?? null,
        body: c.body ?? '',
        createdAt: c.createdAt,
        status: c.status,
        importKey: c.importKey ?? null,
        editedAt: c.editedAt ?? null,
        deletedAt: c.deletedAt ?? null,
        upvotes: c.upvotes ?? 0,
        downvotes: c.downvotes ?? 0,
        ...(c.reasons ? { reasons: c.reasons } : {}),
      });
    }
  };
  const onContainerEnd = async (path: string[]): Promise<void> => {
    if (path.length === 4 && path[0] === 'sites' && path[2] === 'stories') {
      await ensureStory();
      story = {};
      storyReady = false;
    } else if (path.length === 2 && path[0] === 'sites') {
      await ensureWriter();
      if (writer) summaries.push(await (writer as ImportWriter).finish());
      writer = null;
      skipSite = false;
      site = {};
    }
  };

  const currentPath = (): string[] =>
    stack.map((f) => (f.kind === 'obj' ? (f.key ?? '') : String(f.index)));
  const wanted = (path: string[]): boolean =>
    path[0] === 'sites' &&
    ((path.length === 3 && path[2] !== 'stories') || (path.length === 5 && path[2] === 'stories' && path[4] !== 'comments') || (path.length === 6 && path[4] === 'comments'));
  const afterValue = () => {
    const top = stack.at(-1);
    if (top?.kind === 'arr') top.index++;
  };

  const tokens = Readable.from(textChunks(opts.input, opts.onBytes)).pipe(new Parser({ packValues: true, streamValues: false, packKeys: true, streamKeys: false }));
  for await (const tok of tokens as AsyncIterable<Token>) {
    if (capture) {
      capture.asm.consume(tok as never);
      if (capture.asm.done) {
        const { path, asm } = capture;
        capture = null;
        await onValue(path, asm.current);
        afterValue();
      }
      continue;
    }
    if (tok.name === 'keyValue') {
      const top = stack.at(-1);
      if (top?.kind === 'obj') top.key = String(tok.value);
      continue;
    }
    if (VALUE_START.has(tok.name)) {
      const path = currentPath();
      if (wanted(path)) {
        const asm = new Assembler();
        asm.consume(tok as never);
        if (asm.done) {
          await onValue(path, asm.current);
          afterValue();
        } else capture = { asm, path };
        continue;
      }
      if (tok.name === 'startObject') stack.push({ kind: 'obj', key: null });
      else if (tok.name === 'startArray') stack.push({ kind: 'arr', index: 0 });
      else afterValue();
      continue;
    }
    if (tok.name === 'endObject' || tok.name === 'endArray') {
      const path = currentPath().slice(0, -1);
      stack.pop();
      // A container's own path: the parent's key or index at the time it started.
      await onContainerEnd(path);
      afterValue();
    }
  }
  return summaries;
}
