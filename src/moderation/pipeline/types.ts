import type { Site } from '../../modules/sites/site.service.js';
import type { Story } from '../../modules/stories/story.service.js';
import type { AuthorHistory } from './phases/index.js';

export interface ModerationReason {
  /** The phase that acted. */
  phase: string;
  /** Why, in words a moderator reads. */
  reason: string;
}

export interface ModerationDecision {
  status: 'approved' | 'pending' | 'rejected';
  reasons: ModerationReason[];
  /** Model scores, when a scoring phase ran. */
  scores?: Record<string, number>;
}

/** What the pipeline sees of a new or edited comment. */
export interface ModerationInput {
  site: Site;
  story: Story;
  body: string;
  authorName: string;
  isEdit: boolean;
  /** The account behind the comment, when a signed-in user wrote it; absent for guests. */
  author?: AuthorStanding;
  /** The author's recent activity on the site (rate, duplicate and new-user rules); absent for edits and imports. */
  history?: AuthorHistory;
}

/** The part of an account's standing moderation reads: set globally or on this comment's site. */
export interface AuthorStanding {
  userId: string;
  premoderated: boolean;
}

/** Decides the status of a new or edited comment. Implementations never throw for a bad comment. */
export type Moderate = (input: ModerationInput) => Promise<ModerationDecision>;
