/** A site's policy. Stored as JSON; every field has a default so older rows read as complete settings. */
export interface SiteSettings {
  /** How long after posting a guest may edit a comment, in seconds. */
  editWindowSeconds: number;
  maxCommentLength: number;
  /** 'all': every new comment waits for a moderator. */
  premoderation: 'none' | 'all';
  /** Newly seen story URLs must match one of the site's origins before a story is created for them. */
  createStoriesOnTheFly: boolean;
}

export const DEFAULT_SITE_SETTINGS: Readonly<SiteSettings> = Object.freeze({
  editWindowSeconds: 15 * 60,
  maxCommentLength: 5000,
  premoderation: 'none',
  createStoriesOnTheFly: true,
});

export function parseSiteSettings(json: string): SiteSettings {
  let stored: Partial<SiteSettings> = {};
  try {
    const parsed: unknown = JSON.parse(json);
    if (parsed && typeof parsed === 'object') stored = parsed as Partial<SiteSettings>;
  } catch {
    // A damaged settings value falls back to defaults rather than taking the site down.
  }
  return { ...DEFAULT_SITE_SETTINGS, ...stored };
}
