import { describe, expect, it } from 'vitest';
import { votesToxic } from './civil-labels.js';

const vote = (allToxic: boolean, notToxic: boolean, spans: number) => ({ worker: 'w', allToxic, notToxic, spans });

describe('a Civil Comments rater found the comment toxic', () => {
  it('when they marked spans or ticked "all toxic", and did not tick "not toxic"', () => {
    expect(votesToxic(vote(false, false, 2))).toBe(true);
    expect(votesToxic(vote(true, false, 0))).toBe(true);
    expect(votesToxic(vote(true, true, 0))).toBe(false);
    expect(votesToxic(vote(false, true, 1))).toBe(false);
    expect(votesToxic(vote(false, false, 0))).toBe(false);
  });
});
