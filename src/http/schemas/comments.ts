import { Type, type TSchema } from 'typebox';
import type { CommentView } from '../../modules/comments/comment.presenter.js';
import { COMMENT_STATUSES } from '../../modules/comments/comment.table.js';
import { THREAD_SORTS } from '../../modules/comments/comment.repository.js';

const CommentFields = {
  id: Type.String(),
  storyId: Type.String(),
  parentId: Type.Union([Type.String(), Type.Null()]),
  depth: Type.Integer(),
  status: Type.Union(COMMENT_STATUSES.map((s) => Type.Literal(s))),
  author: Type.Object({ name: Type.String(), badge: Type.Optional(Type.String({ description: "The author's staff badge on this site" })) }),
  html: Type.String({ description: 'Sanitized HTML rendered from the Markdown body; empty when deleted' }),
  createdAt: Type.String({ format: 'date-time' }),
  editedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  replyCount: Type.Integer({ description: 'Visible direct replies' }),
  upvotes: Type.Integer(),
  moreReplies: Type.Integer({ description: 'Visible replies not included in replies[]' }),
  featured: Type.Optional(Type.Boolean({ description: 'Featured by a moderator' })),
  pinned: Type.Optional(Type.Boolean({ description: 'Pinned by a moderator' })),
};

/** A comment without its replies (ancestors of a permalink). */
export const CommentFlat = Type.Unsafe<CommentView>(Type.Object({ ...CommentFields, replies: Type.Array(Type.Unknown(), { maxItems: 0 }) }));

/**
 * A comment with the first replies at each level, as deep as the request asked (at most 6 levels). Spelled
 * out level by level rather than as a recursive $ref so the serializer compiles one flat function.
 */
function nested(levels: number): TSchema {
  const replies = levels === 0 ? Type.Array(Type.Unknown(), { maxItems: 0 }) : Type.Array(nested(levels - 1));
  return Type.Object({ ...CommentFields, replies });
}
export const Comment = Type.Unsafe<CommentView>(nested(6));

export const ThreadQuery = Type.Object({
  sort: Type.Optional(Type.Union(THREAD_SORTS.map((s) => Type.Literal(s)), { default: 'newest' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
  replies: Type.Optional(Type.Integer({ minimum: 0, maximum: 20, description: 'Replies loaded per comment per level' })),
  depth: Type.Optional(Type.Integer({ minimum: 0, maximum: 5, description: 'Levels of replies loaded' })),
});

export const ThreadPage = Type.Object({
  comments: Type.Array(Comment),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const NewCommentBody = Type.Object(
  {
    body: Type.String({ minLength: 1, maxLength: 20000 }),
    parentId: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
    notifyReplies: Type.Optional(Type.Boolean({ description: 'Email the author about replies to this comment (needs an email); every email has a one-click unsubscribe' })),
    warning: Type.Optional(
      Type.Literal('acknowledged', { description: 'Resend with this after a 422 TOXIC_WARNING to post anyway (revised or not)' }),
    ),
    // Required of guests; a signed-in user writes under their account's display name.
    author: Type.Optional(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 200 }),
          email: Type.Optional(Type.Union([Type.String({ maxLength: 254 }), Type.Null()])),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const EditCommentBody = Type.Object({ body: Type.String({ minLength: 1, maxLength: 20000 }) }, { additionalProperties: false });

export const PostedComment = Type.Object({
  comment: Comment,
  editKey: Type.String({ description: 'Secret proving authorship: send as X-Edit-Key to edit or delete' }),
  pending: Type.Boolean({ description: 'Held for moderation: shown to its author only until approved' }),
});
