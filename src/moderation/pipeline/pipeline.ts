import type { Scorer } from '../model/scorer.js';
import type { ModerationDecision, ModerationInput, Moderate } from './types.js';

/** What a phase may read: the comment and its site, plus the model's scores once computed. */
export interface PhaseContext extends ModerationInput {
  scores?: Record<string, number>;
}

/** A phase ends the run with a status and a reason, or passes (undefined). */
export type Phase = (ctx: PhaseContext) => Omit<ModerationDecision, 'scores'> | undefined;

export interface ToxicityThresholds {
  /** TOXICITY at or above this holds the comment for a moderator. */
  hold: number;
  /** TOXICITY at or above this rejects it outright (above 1: never). */
  reject: number;
}

export const DEFAULT_THRESHOLDS: ToxicityThresholds = { hold: 0.6, reject: 1.01 };

export const premoderationPhase: Phase = ({ site }) =>
  site.settings.premoderation === 'all'
    ? { status: 'pending', reasons: [{ phase: 'premoderation', reason: 'this site reviews every comment before publishing' }] }
    : undefined;

export function toxicityPhase(thresholds: ToxicityThresholds): Phase {
  return ({ scores }) => {
    const toxicity = scores?.TOXICITY;
    if (toxicity === undefined) return undefined;
    const reason = `toxicity ${toxicity.toFixed(2)}`;
    if (toxicity >= thresholds.reject) return { status: 'rejected', reasons: [{ phase: 'toxicity', reason: `${reason} ≥ ${thresholds.reject}` }] };
    if (toxicity >= thresholds.hold) return { status: 'pending', reasons: [{ phase: 'toxicity', reason: `${reason} ≥ ${thresholds.hold}` }] };
    return undefined;
  };
}

/**
 * The ordered phases every new or edited comment passes. The classifier runs once, before the phases, so each
 * phase stays a pure function of its context; if it fails the comment is held for review, never lost.
 */
export function createModerator(opts: { scorer: Scorer; thresholds?: ToxicityThresholds; phases?: Phase[] }): Moderate {
  const phases = opts.phases ?? [premoderationPhase, toxicityPhase(opts.thresholds ?? DEFAULT_THRESHOLDS)];
  return async (input) => {
    let scores: Record<string, number> | undefined;
    try {
      scores = opts.scorer.score(input.body);
    } catch {
      return { status: 'pending', reasons: [{ phase: 'toxicity', reason: 'the classifier failed; held for review' }] };
    }
    const ctx: PhaseContext = { ...input, scores };
    for (const phase of phases) {
      const result = phase(ctx);
      if (result) return { ...result, scores };
    }
    return { status: 'approved', reasons: [], scores };
  };
}
