import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../errors.js';
import type { Clock } from '../../lib/ids.js';
import { CommentRepository } from '../comments/comment.repository.js';
import { ReactionRepository } from './reaction.repository.js';
import { wilsonLowerBound } from './wilson.js';

export interface ReactionState {
  commentId: string;
  upvotes: number;
  reacted: boolean;
}

/** Up-votes: one per voter per comment, counted on the comment in the same transaction. */
export class ReactionService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** Told, after commit, which story's counts changed (its cached thread pages go). */
    private readonly onChange: (storyId: string) => Promise<void> = async () => {},
  ) {}

  async react(commentId: string, voterKey: string): Promise<ReactionState> {
    const { state, storyId } = await this.db.transaction().execute(async (trx) => {
      const comment = await new CommentRepository(trx).findById(commentId);
      if (!comment) throw notFound('comment', commentId);
      if (comment.status !== 'approved') throw new AppError('COMMENT_DELETED', 'only published comments take reactions');
      const reactions = new ReactionRepository(trx);
      const added = await reactions.insert({ comment_id: commentId, voter_key: voterKey, value: 1, created_at: this.clock() });
      const upvotes = added ? await reactions.applyToComment(commentId, 1, wilsonLowerBound) : Number(comment.upvotes);
      return { state: { commentId, upvotes, reacted: true }, storyId: comment.story_id };
    });
    await this.onChange(storyId);
    return state;
  }

  async unreact(commentId: string, voterKey: string): Promise<ReactionState> {
    const { state, storyId } = await this.db.transaction().execute(async (trx) => {
      const comment = await new CommentRepository(trx).findById(commentId);
      if (!comment) throw notFound('comment', commentId);
      const reactions = new ReactionRepository(trx);
      const removed = await reactions.delete(commentId, voterKey);
      const upvotes = removed ? await reactions.applyToComment(commentId, -1, wilsonLowerBound) : Number(comment.upvotes);
      return { state: { commentId, upvotes, reacted: false }, storyId: comment.story_id };
    });
    await this.onChange(storyId);
    return state;
  }

  mine(voterKey: string, commentIds: string[]): Promise<string[]> {
    return new ReactionRepository(this.db).reactedAmong(voterKey, commentIds);
  }

  mineInStory(voterKey: string, storyId: string): Promise<string[]> {
    return new ReactionRepository(this.db).reactedInStory(voterKey, storyId);
  }
}
