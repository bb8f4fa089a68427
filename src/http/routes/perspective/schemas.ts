/** Request and response schemas of Perspective's comments:analyze, as far as Agora supports it. */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

/** Perspective rejects comments over 20 KB; clients size their batches by it. */
export const MAX_TEXT_BYTES = 20480;

const TextEntry = Type.Object({
  text: Type.Optional(Type.String()),
  type: Type.Optional(Type.Union([Type.Literal('PLAIN_TEXT'), Type.Literal('HTML')])),
});

const AttributeParameters = Type.Object({
  scoreType: Type.Optional(Type.String()),
  scoreThreshold: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
});

export const AnalyzeBody = Type.Object({
  comment: TextEntry,
  // Context is accepted for compatibility; the model scores the comment alone.
  context: Type.Optional(Type.Object({ entries: Type.Optional(Type.Array(TextEntry)) })),
  requestedAttributes: Type.Record(Type.String(), AttributeParameters, { minProperties: 1 }),
  languages: Type.Optional(Type.Array(Type.String())),
  doNotStore: Type.Optional(Type.Boolean()),
  clientToken: Type.Optional(Type.String()),
  sessionId: Type.Optional(Type.String()),
  communityId: Type.Optional(Type.String()),
  spanAnnotations: Type.Optional(Type.Boolean()),
  dropUnsupportedAttributes: Type.Optional(Type.Boolean()),
});
export type AnalyzeBody = Static<typeof AnalyzeBody>;

/** Google API clients add their key and output format as query parameters; both are accepted and ignored. */
export const AnalyzeQuery = Type.Object({
  key: Type.Optional(Type.String()),
  alt: Type.Optional(Type.String()),
});

const Score = Type.Object({ value: Type.Number(), type: Type.Literal('PROBABILITY') });

const AttributeScore = Type.Object({
  spanScores: Type.Optional(
    Type.Array(Type.Object({ begin: Type.Integer(), end: Type.Integer(), score: Score })),
  ),
  summaryScore: Score,
});

export const AnalyzeResponse = Type.Object({
  attributeScores: Type.Record(Type.String(), AttributeScore),
  languages: Type.Array(Type.String()),
  detectedLanguages: Type.Array(Type.String()),
  clientToken: Type.Optional(Type.String()),
});
export type AnalyzeResponse = Static<typeof AnalyzeResponse>;

export const ErrorResponse = Type.Object({
  error: Type.Object({ code: Type.Integer(), message: Type.String(), status: Type.String() }),
});
export type ErrorResponse = Static<typeof ErrorResponse>;
