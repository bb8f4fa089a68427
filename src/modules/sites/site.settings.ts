import type { ModerationPolicy } from '../../moderation/pipeline/policy.js';
/** A site's policy. Stored as JSON; every field has a default so older rows read as complete settings. */
export interface SiteSettings {
  /** What the moderation pipeline holds or rejects; fields left out take their defaults (see resolvePolicy). */
  moderation?: Partial<ModerationPolicy>;
  /** How long after posting a guest may edit a comment, in seconds. */
  editWindowSeconds: number;
  maxCommentLength: number;
  /** 'all': every new comment waits for a moderator. */
  premoderation: 'none' | 'all';
  /** Newly seen story URLs must match one of the site's origins before a story is created for them. */
  createStoriesOnTheFly: boolean;
  /** Keep commenters' IP addresses (imports carry them); off unless the site's privacy policy allows it. */
  storeIps: boolean;
  /** Who is emailed about comments waiting for review (until accounts carry moderator roles). */
  moderatorEmails: string[];
  /** 'immediate': one email per held comment; otherwise at most one digest per period. */
  moderatorNotify: 'immediate' | 'hourly' | 'daily' | 'off';
  /** Who may comment: guests with a name, signed-in users only, or both. On 'guests' sites accounts are not used for posting. */
  commenters: 'guests' | 'users' | 'both';
  /** When an account is deleted, its comments on this site are kept under a neutral name or removed. */
  accountDeletion: 'anonymize' | 'remove';
  /** Attempts allowed per window; over it the API answers 429 with Retry-After. */
  rateLimits: RateLimits;
  /** The widget's name for an up-vote, e.g. "Respect"; empty: the widget's own translated "Upvote". */
  reactionLabel: string;
}

export interface RateLimits {
  postsPerMinutePerIp: number;
  postsPerMinutePerUser: number;
  signInsPer15MinPerIp: number;
  signUpsPerHourPerIp: number;
}

export const DEFAULT_RATE_LIMITS: Readonly<RateLimits> = Object.freeze({
  postsPerMinutePerIp: 30,
  postsPerMinutePerUser: 10,
  signInsPer15MinPerIp: 20,
  signUpsPerHourPerIp: 10,
});

export const DEFAULT_SITE_SETTINGS: Readonly<SiteSettings> = Object.freeze({
  editWindowSeconds: 15 * 60,
  maxCommentLength: 5000,
  premoderation: 'none',
  createStoriesOnTheFly: true,
  storeIps: false,
  moderatorEmails: [],
  moderatorNotify: 'immediate',
  commenters: 'both',
  accountDeletion: 'anonymize',
  rateLimits: DEFAULT_RATE_LIMITS,
  reactionLabel: '',
});

export function parseSiteSettings(json: string): SiteSettings {
  let stored: Partial<SiteSettings> = {};
  try {
    const parsed: unknown = JSON.parse(json);
    if (parsed && typeof parsed === 'object') stored = parsed as Partial<SiteSettings>;
  } catch {
    // A damaged settings value falls back to defaults rather than taking the site down.
  }
  return { ...DEFAULT_SITE_SETTINGS, ...stored, rateLimits: { ...DEFAULT_RATE_LIMITS, ...stored.rateLimits } };
}
