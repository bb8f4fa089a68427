import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../../deps.js';
import { resolveVoterKey } from '../../../modules/reactions/voter.js';
import type { ReactionService } from '../../../modules/reactions/reaction.service.js';
import { errorResponses, Id } from '../../schemas/common.js';

const VoterHeaders = Type.Object({
  'x-agora-voter': Type.Optional(Type.String({ maxLength: 128, description: "The widget's anonymous voter token (when not signed in)" })),
  authorization: Type.Optional(Type.String({ maxLength: 4096 })),
});
const ReactionState = Type.Object({ commentId: Type.String(), upvotes: Type.Integer(), reacted: Type.Boolean() });

export const reactionRoutes: FastifyPluginAsyncTypebox<{ deps: Deps; reactions: ReactionService }> = async (app, { deps, reactions }) => {
  const voter = (headers: { authorization?: string | undefined; 'x-agora-voter'?: string | undefined }) =>
    resolveVoterKey(deps.store.db, deps.clock(), headers);

  app.put(
    '/comments/:commentId/reaction',
    {
      schema: {
        tags: ['comments'],
        summary: 'React to a comment (one up-vote per reader; repeating it changes nothing)',
        params: Type.Object({ commentId: Id }),
        headers: VoterHeaders,
        response: { 200: ReactionState, ...errorResponses },
      },
    },
    async (req) => reactions.react(req.params.commentId, await voter(req.headers)),
  );

  app.delete(
    '/comments/:commentId/reaction',
    {
      schema: {
        tags: ['comments'],
        summary: "Take one's reaction back",
        params: Type.Object({ commentId: Id }),
        headers: VoterHeaders,
        response: { 200: ReactionState, ...errorResponses },
      },
    },
    async (req) => reactions.unreact(req.params.commentId, await voter(req.headers)),
  );

  app.get(
    '/stories/:storyId/reactions/mine',
    {
      schema: {
        tags: ['comments'],
        summary: "The comments of a story the reader reacted to (to draw the widget's buttons pressed)",
        params: Type.Object({ storyId: Id }),
        headers: VoterHeaders,
        response: { 200: Type.Object({ commentIds: Type.Array(Type.String()) }), ...errorResponses },
      },
    },
    async (req) => ({ commentIds: await reactions.mineInStory(await voter(req.headers), req.params.storyId) }),
  );
};
