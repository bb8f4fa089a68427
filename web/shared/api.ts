/**
 * The JSON the widget reads from Agora's API, as plain types. Browser code never imports server code: these
 * mirror src/http/schemas (the server's TypeBox schemas are the source of truth; the e2e tests catch drift).
 */
import type { CommentStatus, CommentView, ThreadPage } from '../../src/contracts/comments.js';

export type { CommentStatus, CommentView, ThreadPage };
export type ThreadSort = 'newest' | 'oldest' | 'best' | 'replies';

export interface StoryView {
  id: string;
  siteId: string;
  identifier: string;
  url: string | null;
  title: string;
  closed: boolean;
  commentCount: number;
}

export interface EmbedSettings {
  reactionLabel: string;
  maxCommentLength: number;
  editWindowSeconds: number;
  premoderation: string;
  commenters: string;
}

export interface EmbedResponse {
  story: StoryView;
  settings: EmbedSettings;
  page: ThreadPage;
  /** Open the first event stream with this as lastEventId: nothing published since the read is missed. */
  livePosition?: string;
}

export interface PostedComment {
  comment: CommentView;
  editKey: string;
  pending: boolean;
}

export interface ReactionState {
  commentId: string;
  upvotes: number;
  reacted: boolean;
}

export type ReportReason = 'spam' | 'abuse' | 'offtopic' | 'other';

/** Data of a Server-Sent Event on /api/v1/stories/:id/events. */
export type LiveEventData =
  | { type: 'comment.added'; comment: CommentView }
  | { type: 'comment.updated'; comment: CommentView }
  | { type: 'comment.removed'; id: string; parentId: string | null };

export interface ApiErrorBody {
  error: { code: string; message: string };
}
