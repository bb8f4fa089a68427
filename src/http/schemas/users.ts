import { Type } from 'typebox';
import { ErrorBody, errorResponses } from './common.js';

export const authErrorResponses = { ...errorResponses, 401: ErrorBody } as const;

const Membership = Type.Object({
  siteId: Type.String(),
  role: Type.Union([Type.Literal('moderator'), Type.Literal('staff'), Type.Literal('commenter')]),
  badge: Type.Union([Type.String(), Type.Null()]),
  banned: Type.Boolean(),
  suspendedUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  premoderated: Type.Boolean(),
});

export const UserSchema = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  emailVerified: Type.Boolean(),
  hasPassword: Type.Boolean(),
  role: Type.Union([Type.Literal('admin'), Type.Literal('commenter')]),
  banned: Type.Boolean(),
  suspendedUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  premoderated: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  sites: Type.Array(Membership),
});

export const MembershipSchema = Membership;

/** A signed-in answer: the user, and for token sign-ins the bearer token the widget sends from now on. */
export const SignedIn = Type.Object({
  user: UserSchema,
  token: Type.Optional(Type.String({ description: 'Bearer token (when a siteId was given): send as Authorization: Bearer <token>' })),
  expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
});

export const Email = Type.String({ minLength: 3, maxLength: 254 });
export const Password = Type.String({ minLength: 1, maxLength: 512 });
export const Token = Type.String({ minLength: 10, maxLength: 4096 });
export const SiteIdField = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9-]*$' });

export const Accepted = Type.Object({ ok: Type.Literal(true) });

export const StandingBody = Type.Object(
  {
    banned: Type.Optional(Type.Boolean()),
    suspendedUntil: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
    premoderated: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
