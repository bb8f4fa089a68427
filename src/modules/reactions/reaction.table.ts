import type { Selectable } from 'kysely';

/** One reader's reaction to a comment: an up-vote, shown with the site's reactionLabel. */
export interface ReactionTable {
  comment_id: string;
  /** "u:<user id>" for a signed-in reader, "a:<sha256 of the widget's anonymous token>" otherwise. */
  voter_key: string;
  /** 1 (an up-vote); the column leaves room for down-votes. */
  value: number;
  created_at: number;
}
export type ReactionRow = Selectable<ReactionTable>;
