import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Attribute, Scorer } from '../../../moderation/model/scorer.js';
import perspectiveRoutes from './index.js';

const ATTRS: readonly Attribute[] = ['TOXICITY', 'SEVERE_TOXICITY', 'IDENTITY_ATTACK', 'INSULT', 'PROFANITY', 'THREAT'];

/** A predictable scorer: toxic exactly when the text contains "idiot". */
const fakeScorer: Scorer = {
  attributes: ATTRS,
  version: 'test',
  score: (text) => {
    const v = text.includes('idiot') ? 0.9 : 0.1;
    return { TOXICITY: v, SEVERE_TOXICITY: v / 3, IDENTITY_ATTACK: 0.05, INSULT: v, PROFANITY: 0.2, THREAT: 0.01 };
  },
  spans: (text) => [{ begin: 0, end: text.length, score: 0.5 }],
};

const app = Fastify();
const url = '/v1alpha1/comments:analyze?key=AIzaFAKE';
const post = (payload: unknown) => app.inject({ method: 'POST', url, payload: payload as object });

beforeAll(async () => {
  await app.register(perspectiveRoutes, { scorer: fakeScorer });
  await app.ready();
});
afterAll(() => app.close());

describe('POST /v1alpha1/comments:analyze', () => {
  it('answers the body the official Python client (googleapiclient) sends, with key and alt in the query', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1alpha1/comments:analyze?key=AIzaFAKE&alt=json',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ comment: { text: 'friendly greetings from python' }, requestedAttributes: { TOXICITY: {} } }),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      attributeScores: { TOXICITY: { summaryScore: { value: 0.1, type: 'PROBABILITY' } } },
      languages: ['en'],
      detectedLanguages: ['en'],
    });
  });

  it('answers the body of the Node perspective-api-client (doNotStore, several attributes)', async () => {
    const res = await post({
      comment: { text: 'you empty-headed idiot' },
      requestedAttributes: { TOXICITY: {}, INSULT: {}, SEVERE_TOXICITY: {} },
      doNotStore: true,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body.attributeScores).sort()).toEqual(['INSULT', 'SEVERE_TOXICITY', 'TOXICITY']);
    expect(body.attributeScores.TOXICITY.summaryScore).toEqual({ value: 0.9, type: 'PROBABILITY' });
  });

  it('returns span scores, echoes clientToken and honours scoreThreshold', async () => {
    const res = await post({
      comment: { text: 'what an idiot', type: 'PLAIN_TEXT' },
      requestedAttributes: { TOXICITY: { scoreType: 'PROBABILITY', scoreThreshold: 0.5 }, THREAT: { scoreThreshold: 0.5 } },
      languages: ['en'],
      spanAnnotations: true,
      clientToken: 'abc',
      sessionId: 's1',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      attributeScores: {
        TOXICITY: {
          spanScores: [{ begin: 0, end: 13, score: { value: 0.5, type: 'PROBABILITY' } }],
          summaryScore: { value: 0.9, type: 'PROBABILITY' },
        },
      },
      languages: ['en'],
      detectedLanguages: ['en'],
      clientToken: 'abc',
    });
  });

  const invalid = (res: { statusCode: number; json: () => unknown }): void => {
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 400, message: expect.any(String), status: 'INVALID_ARGUMENT' } });
  };

  it('rejects an unknown attribute', async () => {
    const res = await post({ comment: { text: 'hi' }, requestedAttributes: { FLIRTATION: {} } });
    invalid(res);
    expect(res.json().error.message).toContain('FLIRTATION');
  });

  it('drops unknown attributes when asked to', async () => {
    const res = await post({ comment: { text: 'hi' }, requestedAttributes: { FLIRTATION: {}, TOXICITY: {} }, dropUnsupportedAttributes: true });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().attributeScores)).toEqual(['TOXICITY']);
  });

  it('rejects a missing or empty text', async () => {
    invalid(await post({ comment: {}, requestedAttributes: { TOXICITY: {} } }));
    invalid(await post({ comment: { text: '' }, requestedAttributes: { TOXICITY: {} } }));
    invalid(await post({ requestedAttributes: { TOXICITY: {} } }));
  });

  it('rejects bad JSON', async () => {
    invalid(await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: '{"comment": ' }));
  });

  it('rejects a text over 20480 bytes, counting UTF-8 bytes', async () => {
    invalid(await post({ comment: { text: 'é'.repeat(10_241) }, requestedAttributes: { TOXICITY: {} } }));
    const ok = await post({ comment: { text: 'a'.repeat(20_480) }, requestedAttributes: { TOXICITY: {} } });
    expect(ok.statusCode).toBe(200);
  });

  it('rejects no requested attributes, an unsupported language and an unknown scoreType', async () => {
    invalid(await post({ comment: { text: 'hi' }, requestedAttributes: {} }));
    invalid(await post({ comment: { text: 'hola' }, requestedAttributes: { TOXICITY: {} }, languages: ['es'] }));
    invalid(await post({ comment: { text: 'hi' }, requestedAttributes: { TOXICITY: { scoreType: 'STD_DEV_SCORE' } } }));
  });
});
