import type { Scorer } from '../model/scorer.js';
import { PHASES, type Phase, type PhaseContext } from './phases/index.js';
import { resolvePolicy, type ModerationPolicy } from './policy.js';
import type { ModerationDecision, ModerationInput, ModerationReason, Moderate } from './types.js';

const SEVERITY = { approved: 0, pending: 1, rejected: 2 } as const;

export type PipelineInput = ModerationInput;

/**
 * Runs every phase and keeps every reason, so a moderator sees all that is wrong with a comment, not only the
 * first thing; the outcome is the most severe verdict. The classifier runs once, before the phases, so each phase
 * is a pure function of its context. Nothing here loses a comment: a classifier or phase that fails holds it.
 */
export function runPipeline(input: PipelineInput, opts: { scorer: Scorer; policy: ModerationPolicy; phases?: readonly Phase[] }): ModerationDecision {
  const reasons: ModerationReason[] = [];
  let status: ModerationDecision['status'] = 'approved';
  const raise = (s: ModerationDecision['status']) => {
    if (SEVERITY[s] > SEVERITY[status]) status = s;
  };
  let scores: Record<string, number> | undefined;
  try {
    scores = opts.scorer.score(input.body);
  } catch {
    raise('pending');
    reasons.push({ phase: 'toxicity', reason: 'the classifier failed; held for review' });
  }
  const ctx: PhaseContext = { ...input, policy: opts.policy, ...(scores ? { scores } : {}) };
  for (const phase of opts.phases ?? PHASES) {
    try {
      const verdict = phase.run(ctx);
      if (!verdict) continue;
      raise(verdict.status);
      reasons.push(...verdict.reasons);
    } catch {
      raise('pending');
      reasons.push({ phase: phase.name, reason: 'this check failed; held for review' });
    }
  }
  return { status, reasons, ...(scores ? { scores } : {}) };
}

/** The pipeline as the comment service calls it, reading each site's policy from its settings. */
export function createPipeline(opts: { scorer: Scorer; phases?: readonly Phase[] }): Moderate {
  return async (input: PipelineInput) =>
    runPipeline(input, { ...opts, policy: resolvePolicy(input.site.settings.moderation) });
}
