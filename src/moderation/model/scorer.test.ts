import { describe, expect, it } from 'vitest';
import { ATTRIBUTES } from './attributes.js';
import { classifyLine } from './classify-line.js';
import { loadScorer, sentenceRanges } from './scorer.js';

describe('committed scorer', () => {
  const scorer = loadScorer();

  it('loads once and scores every attribute as a probability', () => {
    expect(loadScorer()).toBe(scorer);
    expect(scorer.attributes).toEqual(ATTRIBUTES);
    const scores = scorer.score('Thanks for the thoughtful article.');
    for (const a of ATTRIBUTES) {
      expect(scores[a]).toBeGreaterThanOrEqual(0);
      expect(scores[a]).toBeLessThanOrEqual(1);
    }
  });

  it('separates obvious abuse from ordinary comments', () => {
    const toxic = ['You are a pathetic idiot.', 'Shut up, you stupid bitch', 'Go to hell, moron'];
    const fine = ['I disagree with the mayor on the budget.', 'Great reporting, thank you.', 'The vote is on Tuesday.'];
    const low = Math.min(...toxic.map((t) => scorer.score(t).TOXICITY));
    const high = Math.max(...fine.map((t) => scorer.score(t).TOXICITY));
    expect(low).toBeGreaterThan(high);
  });

  it.each([
    'f u c k you',
    'F.U.C.K you',
    'fuuuuuck you',
    'FUCK YOU',
    'f\u200Buck you',
    '\uFF46\uFF55\uFF43\uFF4B you',
    'fu\u0441k you',
  ])('still sees %j as profane when "fuck you" is', (evasion) => {
    const base = scorer.score('fuck you').PROFANITY;
    expect(scorer.score(evasion).PROFANITY).toBeCloseTo(base, 5);
  });

  it('scores spans sentence by sentence, with offsets into the original text', () => {
    const text = 'The council met today. You are a worthless idiot!  See you.';
    const spans = scorer.spans(text, 'TOXICITY');
    expect(spans.map((s) => text.slice(s.begin, s.end))).toEqual([
      'The council met today.',
      'You are a worthless idiot!',
      'See you.',
    ]);
    expect(spans[1]?.score).toBeGreaterThan(spans[0]?.score ?? 1);
    expect(sentenceRanges('')).toEqual([]);
  });

  it('turns classify lines into scores or errors', () => {
    expect(classifyLine(scorer, '{"id":7,"text":"hello"}')).toMatchObject({ id: 7, scores: { TOXICITY: expect.any(Number) } });
    expect(classifyLine(scorer, '{"id":8}')).toEqual({ id: 8, error: 'missing string field "text"' });
    expect(classifyLine(scorer, 'not json')).toEqual({ id: null, error: 'invalid JSON' });
    expect(classifyLine(scorer, '[1]')).toEqual({ id: null, error: 'expected an object {"id","text"}' });
  });
});
