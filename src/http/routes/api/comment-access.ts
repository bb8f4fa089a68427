import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../../deps.js';
import { AppError, notFound } from '../../../errors.js';
import type { CommentWithAuthor } from '../../../modules/comments/comment.repository.js';
import { UserCommentRepository } from '../../../modules/authors/author.repository.js';
import { authorize } from '../../../modules/users/policy.js';
import type { AuthorStanding } from '../../../moderation/pipeline/types.js';
import { enforceRateLimits } from '../../plugins/auth.js';

const MINUTE = 60_000;

/** The account's standing on a site as moderation reads it: pre-moderated globally or there. */
function standingOf(actor: Extract<FastifyRequest['actor'], { kind: 'user' }>, siteId: string): AuthorStanding {
  return { userId: actor.user.id, premoderated: actor.user.premoderated || (actor.sites.get(siteId)?.premoderated ?? false) };
}

/**
 * Who a new comment is posted as, after the checks: the site's choice of commenters, the poster's standing
 * (banned or suspended: 403), and the site's rate limits per IP and per user (429).
 */
export async function postingIdentity(
  deps: Deps,
  req: FastifyRequest,
  reply: FastifyReply,
  input: { storyId: string; author?: { name: string; email?: string | null } | undefined },
): Promise<{ author: { name: string; email?: string | null }; user?: AuthorStanding }> {
  const story = await deps.stories.get(input.storyId);
  const site = await deps.sites.get(story.siteId);
  // On guests-only sites accounts play no part in posting: everyone writes as a named guest.
  const actor = site.settings.commenters === 'guests' ? { kind: 'anonymous' as const } : req.actor;
  authorize(actor, { action: 'comment.create', siteId: site.id, commenters: site.settings.commenters, now: deps.clock() });
  const limits = site.settings.rateLimits;
  await enforceRateLimits(deps, reply, [
    { key: `post:ip:${site.id}:${req.ip}`, limit: limits.postsPerMinutePerIp, windowMs: MINUTE },
    ...(actor.kind === 'user' ? [{ key: `post:user:${actor.user.id}`, limit: limits.postsPerMinutePerUser, windowMs: MINUTE }] : []),
  ]);
  if (actor.kind === 'user') {
    if (actor.user.loginEmail && !actor.user.emailVerified) throw new AppError('EMAIL_NOT_VERIFIED', 'confirm your email address before commenting');
    return { author: { name: actor.user.displayName }, user: standingOf(actor, site.id) };
  }
  if (!input.author) throw new AppError('VALIDATION', 'author.name is required to comment as a guest');
  return { author: input.author };
}

function requireProof(req: FastifyRequest): void {
  if (req.actor.kind === 'anonymous') throw new AppError('VALIDATION', 'send the X-Edit-Key header, or sign in as the author');
}

async function ownerOf(deps: Deps, commentId: string): Promise<{ site_id: string; user_id: string | null }> {
  const owner = await new UserCommentRepository(deps.store.db).owner(commentId);
  if (!owner) throw notFound('comment', commentId);
  return owner;
}

/** A signed-in author edits their own comment without the edit key. */
export async function editAsActor(deps: Deps, req: FastifyRequest, commentId: string, body: string): Promise<CommentWithAuthor> {
  requireProof(req);
  const owner = await ownerOf(deps, commentId);
  authorize(req.actor, { action: 'comment.edit', siteId: owner.site_id, authorUserId: owner.user_id, now: deps.clock() });
  const actor = req.actor as Extract<FastifyRequest['actor'], { kind: 'user' }>;
  return deps.comments.edit(commentId, { body, userId: actor.user.id, standing: standingOf(actor, owner.site_id) });
}

/** Deletes as the signed-in author, or as a moderator or admin of the comment's site. */
export async function deleteAsActor(deps: Deps, req: FastifyRequest, commentId: string): Promise<CommentWithAuthor> {
  requireProof(req);
  const owner = await ownerOf(deps, commentId);
  authorize(req.actor, { action: 'comment.delete', siteId: owner.site_id, authorUserId: owner.user_id });
  const actor = req.actor as Extract<FastifyRequest['actor'], { kind: 'user' }>;
  if (owner.user_id === actor.user.id) return deps.comments.deleteOwn(commentId, { userId: actor.user.id });
  return deps.comments.setStatus(commentId, 'deleted');
}
