import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../errors.js';
import type { Clock, IdGenerator } from '../../lib/ids.js';
import { renderMarkdown } from '../../lib/markdown.js';
import { resolvePolicy } from '../../moderation/pipeline/policy.js';
import type { AuthorStanding, Moderate, ModerationDecision, ModerationReason } from '../../moderation/pipeline/types.js';
import { AuthorRepository } from '../authors/author.repository.js';
import { SiteRepository } from '../sites/site.repository.js';
import { toSite, type Site } from '../sites/site.service.js';
import { StoryRepository } from '../stories/story.repository.js';
import { toStory } from '../stories/story.service.js';
import { AuthorHistoryRepository } from './author-history.repository.js';
import { CommentRepository, type CommentWithAuthor } from './comment.repository.js';
import type { CommentRow, CommentStatus } from './comment.table.js';

export interface NewComment {
  storyId: string;
  parentId?: string | null;
  body: string;
  author: { name: string; email?: string | null };
  /** Email the author about replies (needs an email). */
  notifyReplies?: boolean;
  /** Set when the author was warned that the text looks toxic and chose to post (revised or not). */
  warning?: 'acknowledged';
  /** A signed-in author: the comment's author row links to the account and moderation reads its standing. */
  user?: AuthorStanding;
}

/** Proof of authorship for edit and delete: the guest's edit key, or the signed-in account that wrote it. */
export type AuthorProof = { editKey: string } | { userId: string };

/** For importers: a comment that already has a history elsewhere. */
export interface ImportedComment extends NewComment {
  /** Null only for Agora's own export of comments posted here, which keep their id instead. */
  importKey: string | null;
  createdAt: number;
  status: CommentStatus;
  /** Why it has that status; defaults to "imported". */
  reasons?: ModerationReason[];
  /** Keeps this id (Agora's own export); idempotent on it as on importKey. */
  id?: string;
  editedAt?: number | null;
  deletedAt?: number | null;
  upvotes?: number;
  downvotes?: number;
  /** Only passed when the site's storeIps setting allows. */
  ip?: string | null;
}

export interface CommentEvent {
  /** comment.reported is declared for webhooks; nothing emits it yet. */
  type: 'comment.created' | 'comment.edited' | 'comment.status' | 'comment.reported';
  comment: CommentWithAuthor;
  previousStatus?: CommentStatus;
}

export interface CommentServiceDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  moderate: Moderate;
  /** Called after the transaction commits, and awaited: the answer waits until caches have dropped stale pages. */
  onEvent?: (event: CommentEvent) => void | Promise<void>;
}

const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** Whether a comment shows in its thread: published, or a tombstone that keeps its replies in place. */
export const isVisible = (c: Pick<CommentRow, 'status' | 'reply_count'>): boolean =>
  c.status === 'approved' || (c.status === 'deleted' && c.reply_count > 0);

function validateBody(body: string, site: Site): string {
  const text = body.replace(/\r\n?/g, '\n').trim();
  if (!text) throw new AppError('VALIDATION', 'comment body is empty');
  if (text.length > site.settings.maxCommentLength) {
    throw new AppError('VALIDATION', `comment body is ${text.length} characters; this site allows ${site.settings.maxCommentLength}`);
  }
  return text;
}

function validateAuthor(author: NewComment['author']): { name: string; email: string | null } {
  const name = author.name.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!name) throw new AppError('VALIDATION', 'author name is empty');
  if (name.length > 80) throw new AppError('VALIDATION', 'author name is longer than 80 characters');
  const email = author.email?.trim() || null;
  if (email && (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))) {
    throw new AppError('VALIDATION', `"${email}" is not an email address`);
  }
  return { name, email };
}

/**
 * Coral's nudge: before storing a comment the model finds toxic, ask its author once to reconsider. The retry
 * carries `warning: 'acknowledged'`; the comment then records whether the author revised it or posted it anyway.
 */
function nudge(decision: ModerationDecision, site: Site, warning: 'acknowledged' | undefined): void {
  if (!resolvePolicy(site.settings.moderation).warnBeforePosting) return;
  const toxic = decision.reasons.some((r) => r.phase === 'toxicity');
  if (!warning) {
    if (toxic) {
      throw new AppError('TOXIC_WARNING', 'This comment may be hurtful to others. Would you like to revise it before posting?', {
        scores: decision.scores ?? {},
      });
    }
    return;
  }
  decision.reasons.push({ phase: 'nudge', reason: toxic ? 'posted unchanged after a toxicity warning' : 'revised after a toxicity warning' });
}

export class CommentService {
  constructor(private readonly deps: CommentServiceDeps) {}

  /** Posts a comment or reply; returns it with the key that lets its guest author edit or delete it. */
  async create(input: NewComment): Promise<{ comment: CommentWithAuthor; editKey: string; reasons: ModerationReason[] }> {
    const { db } = this.deps;
    const storyRow = await new StoryRepository(db).findById(input.storyId);
    if (!storyRow) throw notFound('story', input.storyId);
    const story = toStory(storyRow);
    const site = toSite((await new SiteRepository(db).findById(story.siteId))!);
    if (story.closed) throw new AppError('STORY_CLOSED', 'this story is closed to new comments');
    const body = validateBody(input.body, site);
    const author = validateAuthor(input.author);
    const history = await new AuthorHistoryRepository(db).load({
      siteId: site.id,
      name: author.name,
      emailKey: input.user ? `user:${input.user.userId}` : (author.email?.toLowerCase() ?? ''),
      now: this.deps.clock(),
      duplicateWindowMs: resolvePolicy(site.settings.moderation).duplicateWindowSeconds * 1000,
    });
    const decision = await this.deps.moderate({ site, story, body, authorName: author.name, isEdit: false, history, ...(input.user ? { author: input.user } : {}) });
    nudge(decision, site, input.warning);
    const editKey = randomBytes(24).toString('base64url');
    const comment = await db.transaction().execute(async (trx) => {
      const row = await this.insertComment(trx, {
        siteId: site.id,
        storyId: story.id,
        // Ajv's coerceTypes turns a JSON null into "": an empty parentId means a top-level comment.
        parentId: input.parentId || null,
        body,
        author,
        status: decision.status,
        reasons: decision.reasons,
        editKeyHash: hashKey(editKey),
        importKey: null,
        createdAt: this.deps.clock(),
        notifyReplies: Boolean(input.notifyReplies && author.email),
        userId: input.user?.userId ?? null,
      });
      if (decision.scores) await new CommentRepository(trx).saveScores(row.id, decision.scores);
      return row;
    });
    await this.deps.onEvent?.({ type: 'comment.created', comment });
    return { comment, editKey, reasons: decision.reasons };
  }

  /**
   * Stores a comment from another system. Idempotent on importKey: a second import of the same comment
   * returns the stored one untouched. The caller opens the transaction (importers batch many).
   */
  async importOne(trx: Db, input: ImportedComment & { siteId: string }): Promise<{ comment: CommentRow | CommentWithAuthor; created: boolean }> {
    const repo = new CommentRepository(trx);
    const existing = (input.id ? await repo.findById(input.id) : undefined) ?? (input.importKey === null ? undefined : await repo.findByImportKey(input.siteId, input.importKey));
    if (existing) return { comment: existing, created: false };
    const comment = await this.insertComment(trx, {
      siteId: input.siteId,
      storyId: input.storyId,
      parentId: input.parentId ?? null,
      body: input.status === 'deleted' ? '' : input.body.replace(/\r\n?/g, '\n').trim(),
      author: validateAuthor(input.author),
      status: input.status,
      reasons: input.reasons ?? [{ phase: 'import', reason: 'imported' }],
      editKeyHash: null,
      importKey: input.importKey,
      createdAt: input.createdAt,
      ...(input.id ? { id: input.id } : {}),
      editedAt: input.editedAt ?? null,
      ...(input.deletedAt !== undefined ? { deletedAt: input.deletedAt } : {}),
      upvotes: input.upvotes ?? 0,
      downvotes: input.downvotes ?? 0,
      ip: input.ip ?? null,
      imported: true,
    });
    return { comment, created: true };
  }

  private async insertComment(
    trx: Db,
    c: {
      siteId: string;
      storyId: string;
      parentId: string | null;
      body: string;
      author: { name: string; email: string | null };
      status: CommentStatus;
      reasons: ModerationReason[];
      editKeyHash: string | null;
      importKey: string | null;
      createdAt: number;
      notifyReplies?: boolean;
      userId?: string | null;
      /** Imports only: history carried over from elsewhere, where replies to hidden comments exist. */
      imported?: boolean;
    } & Pick<ImportedComment, 'id' | 'editedAt' | 'deletedAt' | 'upvotes' | 'downvotes' | 'ip'>,
  ): Promise<CommentWithAuthor> {
    const comments = new CommentRepository(trx);
    let depth = 0;
    if (c.parentId) {
      const parent = await comments.findById(c.parentId);
      if (!parent || parent.story_id !== c.storyId) {
        throw new AppError('PARENT_NOT_FOUND', `no comment "${c.parentId}" in this story to reply to`);
      }
      if (!c.imported && !isVisible(parent)) {
        throw new AppError('COMMENT_DELETED', 'that comment is not published, so it cannot be replied to');
      }
      depth = parent.depth + 1;
    }
    const author = await new AuthorRepository(trx).upsert({
      id: this.deps.ids(),
      site_id: c.siteId,
      name: c.author.name,
      email: c.author.email,
      // An account's author row has an identity of its own, so a guest can never write as that account.
      email_key: c.userId ? `user:${c.userId}` : (c.author.email?.toLowerCase() ?? ''),
      user_id: c.userId ?? null,
      created_at: c.createdAt,
    });
    const row: CommentRow = {
      id: c.id ?? this.deps.ids(),
      site_id: c.siteId,
      story_id: c.storyId,
      parent_id: c.parentId,
      depth,
      author_id: author.id,
      status: c.status,
      body: c.body,
      html: c.body ? renderMarkdown(c.body) : '',
      reply_count: 0,
      upvotes: c.upvotes ?? 0,
      downvotes: c.downvotes ?? 0,
      best_score: 0,
      reasons: JSON.stringify(c.reasons),
      edit_key_hash: c.editKeyHash,
      import_key: c.importKey,
      created_at: c.createdAt,
      edited_at: c.editedAt ?? null,
      deleted_at: c.deletedAt !== undefined ? c.deletedAt : c.status === 'deleted' ? c.createdAt : null,
      notify_replies: c.notifyReplies ? 1 : 0,
      ip: c.ip ?? null,
    };
    await comments.insert(row);
    // An imported deleted comment becomes visible (a tombstone) once its first reply arrives.
    await this.propagate(trx, row, { status: 'pending', reply_count: 0 }, row);
    return { ...row, author_name: author.name };
  }

  /** Edits the body within the site's window; the previous text is kept as a revision. */
  async edit(id: string, input: { body: string; editKey?: string; userId?: string; standing?: AuthorStanding }): Promise<CommentWithAuthor> {
    const { db, clock } = this.deps;
    const row = await this.ownComment(id, input.userId ? { userId: input.userId } : { editKey: input.editKey ?? '' });
    if (row.status === 'deleted') throw new AppError('COMMENT_DELETED', 'a deleted comment cannot be edited');
    const site = toSite((await new SiteRepository(db).findById(row.site_id))!);
    const story = toStory((await new StoryRepository(db).findById(row.story_id))!);
    const now = clock();
    if (now - row.created_at > site.settings.editWindowSeconds * 1000) {
      throw new AppError('EDIT_WINDOW_CLOSED', `comments can be edited for ${site.settings.editWindowSeconds} seconds after posting`);
    }
    const body = validateBody(input.body, site);
    if (body === row.body) return (await new CommentRepository(db).findWithAuthor(id))!;
    const decision = await this.deps.moderate({ site, story, body, authorName: '', isEdit: true, ...(input.standing ? { author: input.standing } : {}) });
    // An edit never lifts a comment a moderator rejected; otherwise the pipeline decides again.
    const status: CommentStatus = row.status === 'rejected' ? 'rejected' : decision.status;
    const updated = await db.transaction().execute(async (trx) => {
      const comments = new CommentRepository(trx);
      await comments.insertRevision({ id: this.deps.ids(), comment_id: id, body: row.body, html: row.html, created_at: now });
      await comments.update(id, { body, html: renderMarkdown(body), edited_at: now, status, reasons: JSON.stringify(decision.reasons) });
      if (decision.scores) await comments.saveScores(id, decision.scores);
      const after = (await comments.findWithAuthor(id))!;
      await this.propagate(trx, row, row, after);
      return after;
    });
    await this.deps.onEvent?.({ type: 'comment.edited', comment: updated, previousStatus: row.status });
    return updated;
  }

  /** Deletes a guest's own comment. One with replies stays as a tombstone so the thread keeps its shape. */
  async deleteOwn(id: string, proof: string | AuthorProof): Promise<CommentWithAuthor> {
    await this.ownComment(id, typeof proof === 'string' ? { editKey: proof } : proof);
    return this.setStatus(id, 'deleted');
  }

  /**
   * Moves a comment to a new status, keeping reply and story counts exact. `within` runs in the same transaction
   * (also when the status is unchanged), so a caller's own record of the change (the audit log) commits with it.
   */
  async setStatus(
    id: string,
    status: CommentStatus,
    expected?: CommentStatus,
    opts: { within?: (trx: Db, change: { before: CommentWithAuthor; after: CommentWithAuthor }) => Promise<void> } = {},
  ): Promise<CommentWithAuthor> {
    const { db, clock } = this.deps;
    const { before, after } = await db.transaction().execute(async (trx) => {
      const comments = new CommentRepository(trx);
      const before = await comments.findWithAuthor(id);
      if (!before) throw notFound('comment', id);
      if (expected && before.status !== expected) {
        throw new AppError('CONFLICT', `comment is ${before.status} now, not ${expected}`);
      }
      if (before.status === 'deleted') throw new AppError('COMMENT_DELETED', 'comment is deleted');
      if (before.status === status) {
        await opts.within?.(trx, { before, after: before });
        return { before, after: before };
      }
      const patch = status === 'deleted' ? { status, body: '', html: '', deleted_at: clock() } : { status };
      await comments.update(id, patch);
      const after = (await comments.findWithAuthor(id))!;
      await this.propagate(trx, before, before, after);
      await opts.within?.(trx, { before, after });
      return { before, after };
    });
    if (before !== after) await this.deps.onEvent?.({ type: 'comment.status', comment: after, previousStatus: before.status });
    return after;
  }

  private async ownComment(id: string, proof: AuthorProof): Promise<CommentRow> {
    const row = await new CommentRepository(this.deps.db).findById(id);
    if (!row) throw notFound('comment', id);
    if ('userId' in proof) {
      const author = await new AuthorRepository(this.deps.db).findById(row.author_id);
      if (author?.user_id !== proof.userId) throw new AppError('NOT_AUTHOR', 'this comment was written by someone else');
      return row;
    }
    const editKey = proof.editKey;
    const expected = row.edit_key_hash ? Buffer.from(row.edit_key_hash, 'hex') : null;
    const given = Buffer.from(hashKey(editKey), 'hex');
    if (!expected || expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new AppError('NOT_AUTHOR', 'that edit key does not belong to this comment');
    }
    return row;
  }

  /**
   * Keeps counters exact after a comment changed: the story counts approved comments; each parent counts its
   * visible replies. A deleted parent's own visibility depends on that count, so the change walks up the chain.
   */
  private async propagate(
    trx: Db,
    comment: CommentRow,
    before: Pick<CommentRow, 'status' | 'reply_count'>,
    after: Pick<CommentRow, 'status' | 'reply_count'>,
  ): Promise<void> {
    const approvedDelta = Number(after.status === 'approved') - Number(before.status === 'approved');
    await new StoryRepository(trx).addToCommentCount(comment.story_id, approvedDelta);
    const comments = new CommentRepository(trx);
    let delta = Number(isVisible(after)) - Number(isVisible(before));
    let parentId = comment.parent_id;
    while (delta !== 0 && parentId) {
      const parent = await comments.findById(parentId);
      if (!parent) return;
      const wasVisible = isVisible(parent);
      const count = await comments.addToReplyCount(parentId, delta);
      delta = Number(isVisible({ status: parent.status, reply_count: count })) - Number(wasVisible);
      parentId = parent.parent_id;
    }
  }
}
