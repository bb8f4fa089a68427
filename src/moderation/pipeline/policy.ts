/**
 * A site's moderation policy: what the pipeline holds or rejects. Stored in the site's settings as JSON; any
 * field left out takes its default, so a site that never touched it gets a sensible policy.
 */
export interface ModerationPolicy {
  /** 'stories': only the stories listed in premoderatedStories (ids or identifiers). */
  premoderation: 'none' | 'all' | 'stories';
  premoderatedStories: string[];
  toxicity: {
    /** TOXICITY at or above this holds a comment for a moderator. */
    hold: number;
    /** At or above this rejects it outright; above 1 never. */
    reject: number;
    /** IDENTITY_ATTACK has its own thresholds: attacks on groups are held sooner. */
    identityHold: number;
    identityReject: number;
  };
  /** Rejected outright. Matching sees through spacing, leetspeak, look-alike letters and repeats. */
  bannedWords: string[];
  /** Held for review. */
  suspectWords: string[];
  links: {
    /** More links than this holds a comment. */
    max: number;
    /** When non-empty, a link to any other domain holds the comment. */
    allowedDomains: string[];
    /** A link to one of these (or a subdomain) rejects it. */
    blockedDomains: string[];
  };
  /** The first N comments of a new author wait for a moderator (0: off). */
  newUserHoldCount: number;
  /** The same text from the same author within this many seconds is rejected as a duplicate (0: off). */
  duplicateWindowSeconds: number;
  /** More comments than this from one author in ten minutes are held (0: off). */
  maxCommentsPer10Minutes: number;
  /** Ask the author to reconsider before posting a comment the model finds toxic (Coral's "toxic comment" nudge). */
  warnBeforePosting: boolean;
}

/** Phrases of violence the model under-scores when they carry no swear words. Sites can edit or clear them. */
export const DEFAULT_SUSPECT_WORDS = [
  'kill you',
  'kill them all',
  'should be shot',
  'should be hanged',
  'should be killed',
  'beaten until',
  'beat you',
  'i know where you live',
  'i know where she',
  'i know where he',
  'burn in hell',
  'hang them',
  'gas them',
  'smash their face*',
  'smash your face*',
  'watch your back*',
  'i will find you',
];

export const DEFAULT_POLICY: ModerationPolicy = Object.freeze({
  premoderation: 'none',
  premoderatedStories: [],
  toxicity: { hold: 0.6, reject: 1.01, identityHold: 0.55, identityReject: 1.01 },
  bannedWords: [],
  suspectWords: DEFAULT_SUSPECT_WORDS,
  links: { max: 3, allowedDomains: [], blockedDomains: [] },
  newUserHoldCount: 0,
  duplicateWindowSeconds: 600,
  maxCommentsPer10Minutes: 20,
  warnBeforePosting: true,
}) as ModerationPolicy;

/** Fills what a stored policy leaves out; nested objects are merged field by field. */
export function resolvePolicy(stored: Partial<ModerationPolicy> | undefined): ModerationPolicy {
  const s = stored ?? {};
  return {
    ...DEFAULT_POLICY,
    ...s,
    toxicity: { ...DEFAULT_POLICY.toxicity, ...s.toxicity },
    links: { ...DEFAULT_POLICY.links, ...s.links },
  };
}
