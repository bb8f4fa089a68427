import type { Db } from '../../db/database.js';
import type { ReactionRow } from './reaction.table.js';

export class ReactionRepository {
  constructor(private readonly db: Db) {}

  /** False when this voter had reacted already. */
  async insert(row: ReactionRow): Promise<boolean> {
    const r = await this.db
      .insertInto('reactions')
      .values(row)
      .onConflict((oc) => oc.columns(['comment_id', 'voter_key']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  /** False when there was nothing to remove. */
  async delete(commentId: string, voterKey: string): Promise<boolean> {
    const r = await this.db.deleteFrom('reactions').where('comment_id', '=', commentId).where('voter_key', '=', voterKey).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Which of these comments the voter reacted to. */
  async reactedAmong(voterKey: string, commentIds: string[]): Promise<string[]> {
    if (commentIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('reactions')
      .select('comment_id')
      .where('voter_key', '=', voterKey)
      .where('comment_id', 'in', commentIds)
      .execute();
    return rows.map((r) => r.comment_id);
  }

  /** The comments of a story this voter reacted to. */
  async reactedInStory(voterKey: string, storyId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('reactions')
      .innerJoin('comments', 'comments.id', 'reactions.comment_id')
      .select('reactions.comment_id')
      .where('reactions.voter_key', '=', voterKey)
      .where('comments.story_id', '=', storyId)
      .execute();
    return rows.map((r) => r.comment_id);
  }

  /** Moves the comment's up-vote counter and its best score together. */
  async applyToComment(commentId: string, delta: number, score: (up: number, down: number) => number): Promise<number> {
    const row = await this.db.selectFrom('comments').select(['upvotes', 'downvotes']).where('id', '=', commentId).executeTakeFirstOrThrow();
    const upvotes = Math.max(0, Number(row.upvotes) + delta);
    await this.db.updateTable('comments').set({ upvotes, best_score: score(upvotes, Number(row.downvotes)) }).where('id', '=', commentId).execute();
    return upvotes;
  }
}
