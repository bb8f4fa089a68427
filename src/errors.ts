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
  | 'RATE_LIMITED'
  | 'TOXIC_WARNING'
  | 'UNAUTHENTICATED'
  | 'INVALID_CREDENTIALS'
  | 'INVALID_TOKEN'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_USED'
  | 'SIGN_IN_REQUIRED'
  | 'FORBIDDEN'
  | 'CSRF_REJECTED'
  | 'ROLE_ESCALATION'
  | 'USER_BANNED'
  | 'USER_SUSPENDED'
  | 'EMAIL_TAKEN'
  | 'EMAIL_NOT_VERIFIED'
  | 'SSO_NOT_CONFIGURED'
  | 'USER_NOT_FOUND'
  | 'SETUP_COMPLETE';

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
  TOXIC_WARNING: 422,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  INVALID_TOKEN: 401,
  TOKEN_EXPIRED: 401,
  TOKEN_USED: 409,
  SIGN_IN_REQUIRED: 401,
  FORBIDDEN: 403,
  CSRF_REJECTED: 403,
  ROLE_ESCALATION: 403,
  USER_BANNED: 403,
  USER_SUSPENDED: 403,
  EMAIL_TAKEN: 409,
  EMAIL_NOT_VERIFIED: 403,
  SSO_NOT_CONFIGURED: 404,
  USER_NOT_FOUND: 404,
  SETUP_COMPLETE: 409,
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
