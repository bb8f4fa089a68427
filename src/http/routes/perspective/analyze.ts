/** The Perspective-compatible analysis itself, kept apart from Fastify so its rules are plain functions. */
import type { Attribute, Scorer } from '../../../moderation/model/scorer.js';
import type { AnalyzeBody, AnalyzeResponse } from './schemas.js';
import { MAX_TEXT_BYTES } from './schemas.js';

/** An error a client caused, reported in Perspective's shape with status INVALID_ARGUMENT. */
export class InvalidArgument extends Error {
  readonly statusCode = 400;
}

const SUPPORTED_LANGUAGES = new Set(['en']);

export function analyze(scorer: Scorer, body: AnalyzeBody): AnalyzeResponse {
  const text = body.comment.text;
  if (text === undefined || text.length === 0) throw new InvalidArgument('Comment must be non-empty.');
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_TEXT_BYTES) {
    throw new InvalidArgument(`Comment text too long: ${bytes} bytes, the limit is ${MAX_TEXT_BYTES}.`);
  }
  const known = new Set<string>(scorer.attributes);
  const requested = Object.entries(body.requestedAttributes);
  const unknown = requested.filter(([name]) => !known.has(name)).map(([name]) => name);
  const attributes = body.dropUnsupportedAttributes ? requested.filter(([name]) => known.has(name)) : requested;
  if (!body.dropUnsupportedAttributes && unknown.length > 0) {
    throw new InvalidArgument(`Unknown requested attribute(s): ${unknown.join(', ')}.`);
  }
  const unsupported = (body.languages ?? []).filter((l) => !SUPPORTED_LANGUAGES.has(l.toLowerCase().split('-')[0] ?? ''));
  if (unsupported.length > 0) {
    throw new InvalidArgument(`Attribute scoring does not support request languages: ${unsupported.join(', ')}.`);
  }
  for (const [name, params] of attributes) {
    if (params.scoreType !== undefined && params.scoreType !== 'PROBABILITY') {
      throw new InvalidArgument(`Unsupported scoreType ${params.scoreType} for ${name}; only PROBABILITY is available.`);
    }
  }
  const scores = scorer.score(text);
  const attributeScores: AnalyzeResponse['attributeScores'] = {};
  for (const [name, params] of attributes) {
    const attribute = name as Attribute;
    const value = scores[attribute];
    if (params.scoreThreshold !== undefined && value < params.scoreThreshold) continue;
    attributeScores[attribute] = {
      ...(body.spanAnnotations
        ? {
            spanScores: scorer.spans(text, attribute).map((s) => ({
              begin: s.begin,
              end: s.end,
              score: { value: s.score, type: 'PROBABILITY' as const },
            })),
          }
        : {}),
      summaryScore: { value, type: 'PROBABILITY' },
    };
  }
  return {
    attributeScores,
    languages: ['en'],
    detectedLanguages: ['en'],
    ...(body.clientToken !== undefined ? { clientToken: body.clientToken } : {}),
  };
}
