import { describe, expect, it } from 'vitest';
import type { Site } from '../../../modules/sites/site.service.js';
import { DEFAULT_SITE_SETTINGS } from '../../../modules/sites/site.settings.js';
import type { Story } from '../../../modules/stories/story.service.js';
import type { Scorer } from '../../model/scorer.js';
import { resolvePolicy, type ModerationPolicy } from '../policy.js';
import { runPipeline } from '../run.js';
import { bannedWords, duplicate, links, newUser, premoderation, rate, suspectWords, toxicity, type PhaseContext } from './index.js';

const site = { id: 's', name: 'S', origins: [], settings: { ...DEFAULT_SITE_SETTINGS }, createdAt: 0 } as Site;
const story = { id: 'st1', identifier: 'story-one', siteId: 's' } as Story;

function ctx(body: string, over: Omit<Partial<PhaseContext>, 'policy'> & { policy?: Partial<ModerationPolicy> } = {}): PhaseContext {
  const { policy, ...rest } = over;
  return { site, story, body, authorName: 'a', isEdit: false, ...rest, policy: resolvePolicy(policy) };
}

const scorer = (scores: Record<string, number>): Scorer => ({
  attributes: ['TOXICITY'],
  version: 't',
  score: () => ({ TOXICITY: 0, SEVERE_TOXICITY: 0, IDENTITY_ATTACK: 0, INSULT: 0, PROFANITY: 0, THREAT: 0, ...scores }),
  spans: () => [],
});

describe('moderation phases', () => {
  it('premoderation: all, none, or only listed stories', () => {
    expect(premoderation.run(ctx('hi'))).toBeUndefined();
    expect(premoderation.run(ctx('hi', { policy: { premoderation: 'all' } }))?.status).toBe('pending');
    expect(premoderation.run(ctx('hi', { policy: { premoderation: 'stories', premoderatedStories: ['story-one'] } }))?.status).toBe('pending');
    expect(premoderation.run(ctx('hi', { policy: { premoderation: 'stories', premoderatedStories: ['other'] } }))).toBeUndefined();
  });

  it('rate and duplicates read the author history', () => {
    const history = { recentBodies: ['Same  TEXT'], last10Minutes: 25, approvedCount: 0 };
    expect(rate.run(ctx('x', { history }))?.status).toBe('pending');
    expect(duplicate.run(ctx('same text', { history }))?.status).toBe('rejected');
    expect(duplicate.run(ctx('same text', { history, isEdit: true }))).toBeUndefined();
    expect(duplicate.run(ctx('other', { history }))).toBeUndefined();
    expect(newUser.run(ctx('x', { history, policy: { newUserHoldCount: 2 } }))?.status).toBe('pending');
    expect(newUser.run(ctx('x', { history: { ...history, approvedCount: 2 }, policy: { newUserHoldCount: 2 } }))).toBeUndefined();
  });

  it('links: counts, allowed and blocked domains', () => {
    const body = 'see https://a.example/x and www.b.example/y';
    expect(links.run(ctx(body))).toBeUndefined();
    expect(links.run(ctx(body, { policy: { links: { max: 1, allowedDomains: [], blockedDomains: [] } } }))?.status).toBe('pending');
    expect(links.run(ctx(body, { policy: { links: { max: 5, allowedDomains: ['a.example'], blockedDomains: [] } } }))?.reasons[0]?.reason).toMatch(/b\.example/);
    expect(links.run(ctx('http://spam.shop.example/buy', { policy: { links: { max: 5, allowedDomains: [], blockedDomains: ['shop.example'] } } }))?.status).toBe('rejected');
  });

  it('banned words reject, suspect words hold, both through evasions', () => {
    const policy = { bannedWords: ['scumbag'], suspectWords: ['kill you'] };
    expect(bannedWords.run(ctx('what a $cumb4g', { policy }))?.status).toBe('rejected');
    expect(suspectWords.run(ctx('I will k i l l you', { policy }))?.status).toBe('pending');
    expect(suspectWords.run(ctx('this heat is killing my tomatoes', { policy }))).toBeUndefined();
  });

  it('toxicity thresholds, with their own for identity attacks', () => {
    const policy = { toxicity: { hold: 0.6, reject: 0.95, identityHold: 0.4, identityReject: 0.9 } };
    expect(toxicity.run(ctx('x', { policy, scores: { TOXICITY: 0.7 } }))?.status).toBe('pending');
    expect(toxicity.run(ctx('x', { policy, scores: { TOXICITY: 0.96 } }))?.status).toBe('rejected');
    expect(toxicity.run(ctx('x', { policy, scores: { TOXICITY: 0.2, IDENTITY_ATTACK: 0.5 } }))?.reasons[0]?.reason).toMatch(/identity attack/);
    expect(toxicity.run(ctx('x', { policy, scores: { TOXICITY: 0.2, IDENTITY_ATTACK: 0.1 } }))).toBeUndefined();
  });
});

describe('the pipeline', () => {
  const input = { site, story, authorName: 'a', isEdit: false };

  it('keeps every reason and takes the most severe verdict', () => {
    const policy = resolvePolicy({ bannedWords: ['scumbag'], toxicity: { hold: 0.5, reject: 2, identityHold: 2, identityReject: 2 } });
    const d = runPipeline({ ...input, body: 'you scumbag' }, { scorer: scorer({ TOXICITY: 0.8 }), policy });
    expect(d.status).toBe('rejected');
    expect(d.reasons.map((r) => r.phase).sort()).toEqual(['banned-words', 'toxicity']);
    expect(d.scores?.TOXICITY).toBe(0.8);
  });

  it('approves a harmless comment with no reasons', () => {
    const d = runPipeline({ ...input, body: 'Thanks for the article.' }, { scorer: scorer({}), policy: resolvePolicy({}) });
    expect(d).toMatchObject({ status: 'approved', reasons: [] });
  });

  it('holds, never loses, a comment when the classifier or a phase fails', () => {
    const broken: Scorer = { ...scorer({}), score: () => { throw new Error('model gone'); } };
    expect(runPipeline({ ...input, body: 'hi' }, { scorer: broken, policy: resolvePolicy({}) }).status).toBe('pending');
    const failing = { name: 'boom', run: () => { throw new Error('bug'); } };
    const d = runPipeline({ ...input, body: 'hi' }, { scorer: scorer({}), policy: resolvePolicy({}), phases: [failing] });
    expect(d).toMatchObject({ status: 'pending', reasons: [{ phase: 'boom' }] });
  });
});
