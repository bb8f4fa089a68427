import { Type } from 'typebox';
import { COMMENT_STATUSES } from '../../../modules/comments/comment.table.js';
import { DECISION_ACTIONS } from '../../../modules/moderation/decision.service.js';
import { AUDIT_ACTIONS } from '../../../modules/moderation/moderation.table.js';
import { QUEUES } from '../../../modules/moderation/queue.repository.js';
import { Id } from '../../schemas/common.js';
import { SiteIdField } from '../../schemas/users.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
/** A string from a fixed list, typed as that list's union (a mapped Type.Union loses the literal types). */
const OneOf = <T extends string>(values: readonly T[]) => Type.Unsafe<T>(Type.String({ enum: [...values] }));
const Status = OneOf(COMMENT_STATUSES);

export const SiteParams = Type.Object({ siteId: SiteIdField });
export const SiteCommentParams = Type.Object({ siteId: SiteIdField, commentId: Id });
export const SiteAuthorParams = Type.Object({ siteId: SiteIdField, authorId: Id });
export const QueueName = OneOf(QUEUES);
export const StatusField = Status;
export const DecisionAction = OneOf(DECISION_ACTIONS);
export const AuditActionField = OneOf(AUDIT_ACTIONS);

export const Item = Type.Object({
  id: Type.String(),
  siteId: Type.String(),
  story: Type.Object({ id: Type.String(), title: Type.String() }),
  parent: Nullable(Type.Object({ id: Type.String(), authorName: Type.String(), html: Type.String(), status: Type.String() })),
  author: Type.Object({ id: Type.String(), name: Type.String(), userId: Nullable(Type.String()) }),
  status: Status,
  html: Type.String(),
  reasons: Type.Array(Type.Object({ phase: Type.String(), reason: Type.String() })),
  scores: Nullable(Type.Record(Type.String(), Type.Number())),
  featured: Type.Boolean(),
  pinned: Type.Boolean(),
  reviewed: Type.Boolean(),
  createdAt: Type.String(),
  editedAt: Nullable(Type.String()),
  reports: Type.Array(Type.Object({ reason: Type.String(), note: Nullable(Type.String()), createdAt: Type.String() })),
});

export const ItemPage = Type.Object({ items: Type.Array(Item), nextCursor: Nullable(Type.String()) });

export const Counts = Type.Object(Object.fromEntries(QUEUES.map((q) => [q, Type.Integer()])) as Record<(typeof QUEUES)[number], ReturnType<typeof Type.Integer>>);

export const AuditEntry = Type.Object({
  id: Type.String(),
  at: Type.String(),
  actor: Type.String(),
  siteId: Type.String(),
  action: Type.String(),
  commentId: Nullable(Type.String()),
  targetUserId: Nullable(Type.String()),
  fromStatus: Nullable(Type.String()),
  toStatus: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
  undone: Type.Boolean(),
});

const Membership = Type.Object({
  siteId: Type.String(),
  role: Type.String(),
  badge: Nullable(Type.String()),
  banned: Type.Boolean(),
  suspendedUntil: Nullable(Type.String()),
  premoderated: Type.Boolean(),
});

export const AuthorHistory = Type.Object({
  author: Type.Object({ id: Type.String(), name: Type.String(), userId: Nullable(Type.String()), firstSeen: Type.String() }),
  counts: Type.Record(Type.String(), Type.Integer()),
  rejectionRate: Type.Number(),
  recent: Type.Array(Type.Object({ id: Type.String(), status: Status, storyTitle: Type.String(), html: Type.String(), createdAt: Type.String() })),
  notes: Type.Array(Type.Object({ id: Type.String(), body: Type.String(), moderatorId: Type.String(), moderatorName: Nullable(Type.String()), createdAt: Type.String() })),
  standing: Nullable(
    Type.Object({
      site: Membership,
      global: Type.Object({ banned: Type.Boolean(), suspendedUntil: Nullable(Type.String()), premoderated: Type.Boolean() }),
    }),
  ),
});

const Score = Type.Number({ minimum: 0, maximum: 1.01 });
const Words = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 1000 });
const Domains = Type.Array(Type.String({ minLength: 1, maxLength: 253 }), { maxItems: 1000 });

export const Policy = Type.Object({
  premoderation: Type.Union([Type.Literal('none'), Type.Literal('all'), Type.Literal('stories')]),
  premoderatedStories: Type.Array(Type.String({ maxLength: 500 }), { maxItems: 1000 }),
  toxicity: Type.Object({ hold: Score, reject: Score, identityHold: Score, identityReject: Score }),
  bannedWords: Words,
  suspectWords: Words,
  links: Type.Object({ max: Type.Integer({ minimum: 0, maximum: 100 }), allowedDomains: Domains, blockedDomains: Domains }),
  newUserHoldCount: Type.Integer({ minimum: 0, maximum: 1000 }),
  duplicateWindowSeconds: Type.Integer({ minimum: 0, maximum: 86_400 }),
  maxCommentsPer10Minutes: Type.Integer({ minimum: 0, maximum: 10_000 }),
  warnBeforePosting: Type.Boolean(),
});

const Commenters = Type.Union([Type.Literal('guests'), Type.Literal('users'), Type.Literal('both')]);

export const Settings = Type.Object({
  name: Type.String(),
  origins: Type.Array(Type.String()),
  editWindowSeconds: Type.Integer(),
  commenters: Commenters,
  moderation: Policy,
});

export const SettingsPatchBody = Type.Object(
  {
    origins: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 100 })),
    editWindowSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 7 * 86_400 })),
    commenters: Type.Optional(Commenters),
    moderation: Type.Optional(
      Type.Object(
        {
          ...Type.Partial(Type.Omit(Policy, ['toxicity', 'links'])).properties,
          toxicity: Type.Optional(Type.Partial(Policy.properties.toxicity, { additionalProperties: false })),
          links: Type.Optional(Type.Partial(Policy.properties.links, { additionalProperties: false })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const Dashboard = Type.Object({
  windowHours: Type.Integer(),
  perHour: Type.Array(Type.Object({ hour: Type.String(), count: Type.Integer() })),
  byStatus: Type.Record(Type.String(), Type.Integer()),
  heldOrRejectedShare: Type.Number(),
  toxicityHistogram: Type.Array(Type.Integer()),
  busiestStories: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), count: Type.Integer() })),
  responseTime: Type.Object({ decided: Type.Integer(), medianSeconds: Nullable(Type.Number()), p90Seconds: Nullable(Type.Number()) }),
});
