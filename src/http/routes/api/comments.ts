import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../../deps.js';
import { AppError } from '../../../errors.js';
import { presentComment } from '../../../modules/comments/comment.presenter.js';
import { errorResponses, Id } from '../../schemas/common.js';
import { deleteAsActor, editAsActor, postingIdentity } from './comment-access.js';
import { Comment, CommentFlat, EditCommentBody, NewCommentBody, PostedComment, ThreadPage, ThreadQuery } from '../../schemas/comments.js';

// Guests prove authorship with the edit key; signed-in authors (and moderators, for delete) with their session.
const EditKeyHeaders = Type.Object({ 'x-edit-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'The editKey returned when the comment was posted (guests)' })) });

export const commentRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/stories/:storyId/comments',
    {
      schema: {
        tags: ['comments'],
        summary: "A page of a story's thread",
        description: 'Top-level comments in the chosen sort with the first replies of each (oldest first), cursor-paginated.',
        params: Type.Object({ storyId: Id }),
        querystring: ThreadQuery,
        response: { 200: ThreadPage, ...errorResponses },
      },
    },
    async (req) => {
      const q = req.query;
      return deps.threads.storyThread(req.params.storyId, {
        ...(q.sort ? { sort: q.sort } : {}),
        ...(q.limit ? { limit: q.limit } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}),
        ...(q.replies !== undefined ? { repliesPerComment: q.replies } : {}),
        ...(q.depth !== undefined ? { replyDepth: q.depth } : {}),
      });
    },
  );

  app.post(
    '/stories/:storyId/comments',
    {
      schema: {
        tags: ['comments'],
        summary: 'Post a comment, or a reply with parentId',
        params: Type.Object({ storyId: Id }),
        body: NewCommentBody,
        response: { 201: PostedComment, ...errorResponses },
      },
    },
    async (req, reply) => {
      const as = await postingIdentity(deps, req, reply, { storyId: req.params.storyId, author: req.body.author });
      const { comment, editKey } = await deps.comments.create({ storyId: req.params.storyId, ...req.body, ...as });
      return reply.status(201).send({ comment: presentComment(comment), editKey, pending: comment.status === 'pending' });
    },
  );

  app.get(
    '/comments/:commentId',
    {
      schema: {
        tags: ['comments'],
        summary: 'One comment with its ancestors (a permalink)',
        params: Type.Object({ commentId: Id }),
        response: { 200: Type.Object({ comment: Comment, ancestors: Type.Array(CommentFlat) }), ...errorResponses },
      },
    },
    async (req) => deps.threads.withAncestors(req.params.commentId),
  );

  app.get(
    '/comments/:commentId/replies',
    {
      schema: {
        tags: ['comments'],
        summary: 'More replies to a comment, oldest first',
        params: Type.Object({ commentId: Id }),
        querystring: Type.Omit(ThreadQuery, ['sort']),
        response: { 200: ThreadPage, ...errorResponses },
      },
    },
    async (req) => {
      const q = req.query;
      return deps.threads.replies(req.params.commentId, {
        ...(q.limit ? { limit: q.limit } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}),
        ...(q.replies !== undefined ? { repliesPerComment: q.replies } : {}),
        ...(q.depth !== undefined ? { replyDepth: q.depth } : {}),
      });
    },
  );

  app.patch(
    '/comments/:commentId',
    {
      schema: {
        tags: ['comments'],
        summary: "Edit one's own comment within the site's edit window",
        params: Type.Object({ commentId: Id }),
        headers: EditKeyHeaders,
        body: EditCommentBody,
        response: { 200: Type.Object({ comment: Comment }), ...errorResponses },
      },
    },
    async (req) => {
      const key = req.headers['x-edit-key'];
      const row = key
        ? await deps.comments.edit(req.params.commentId, { body: req.body.body, editKey: key })
        : await editAsActor(deps, req, req.params.commentId, req.body.body);
      return { comment: presentComment(row) };
    },
  );

  app.delete(
    '/comments/:commentId',
    {
      schema: {
        tags: ['comments'],
        summary: "Delete one's own comment (kept as a tombstone while it has replies)",
        params: Type.Object({ commentId: Id }),
        headers: EditKeyHeaders,
        response: { 200: Type.Object({ comment: Comment }), ...errorResponses },
      },
    },
    async (req) => {
      const key = req.headers['x-edit-key'];
      const row = key ? await deps.comments.deleteOwn(req.params.commentId, key) : await deleteAsActor(deps, req, req.params.commentId);
      if (row.status !== 'deleted') throw new AppError('CONFLICT', 'comment was not deleted');
      return { comment: presentComment(row) };
    },
  );
};
