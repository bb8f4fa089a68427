/**
 * The catalogue of errors a client can cause. Each has a stable code, an HTTP status and a public message;
 * anything not in here is a 5xx whose message is never shown to clients.
 */
export type ErrorCode =
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'SITE_NOT_FOUND'
  | 'STORY_NOT_FOUND'
  | 'COMMENT_NOT_FOUND'
  | 'PARENT_NOT_FOUND'
  | 'STORY_CLOSED'
  | 'ORIGIN_NOT_ALLOWED'
  | 'EDIT_WINDOW_CLOSED'
  | 'NOT_AUTHOR'
  | 'COMMENT_DELETED'
  | 'BAD_CURSOR'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED';

const STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  BAD_CURSOR: 400,
  NOT_FOUND: 404,
  SITE_NOT_FOUND: 404,
  STORY_NOT_FOUND: 404,
  COMMENT_NOT_FOUND: 404,
  PARENT_NOT_FOUND: 422,
  STORY_CLOSED: 409,
  ORIGIN_NOT_ALLOWED: 403,
  EDIT_WINDOW_CLOSED: 409,
  NOT_AUTHOR: 403,
  COMMENT_DELETED: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = STATUS[code];
  }
}

export const notFound = (what: 'site' | 'story' | 'comment', id: string): AppError =>
  new AppError(
    what === 'site' ? 'SITE_NOT_FOUND' : what === 'story' ? 'STORY_NOT_FOUND' : 'COMMENT_NOT_FOUND',
    `No ${what} with id "${id}"`,
  );
