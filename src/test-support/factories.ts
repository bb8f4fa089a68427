import type { Db } from '../db/database.js';
import { timeOrderedIds, type Clock } from '../lib/ids.js';
import { CommentService } from '../modules/comments/comment.service.js';
import { SiteService } from '../modules/sites/site.service.js';
import { StoryService } from '../modules/stories/story.service.js';
import type { Moderate } from '../moderation/pipeline/types.js';

/** A clock tests move by hand. */
export function manualClock(start = Date.UTC(2026, 0, 1)): Clock & { advance(ms: number): void; set(ms: number): void } {
  let now = start;
  const clock = (() => now) as Clock & { advance(ms: number): void; set(ms: number): void };
  clock.advance = (ms) => {
    now += ms;
  };
  clock.set = (ms) => {
    now = ms;
  };
  return clock;
}

export const approveAll: Moderate = async () => ({ status: 'approved', reasons: [] });

export type ManualClock = ReturnType<typeof manualClock>;

export function services(db: Db, opts: { clock?: ManualClock; moderate?: Moderate } = {}) {
  const clock = opts.clock ?? manualClock();
  const ids = timeOrderedIds(clock);
  return {
    clock,
    sites: new SiteService(db, clock),
    stories: new StoryService(db, clock, ids),
    comments: new CommentService({ db, clock, ids, moderate: opts.moderate ?? approveAll }),
  };
}

export async function siteWithStory(s: ReturnType<typeof services>, siteId = 'news') {
  const site = await s.sites.create({ id: siteId, name: 'News', origins: ['https://news.example'] });
  const story = await s.stories.create({ siteId: site.id, url: 'https://news.example/a', title: 'A story' });
  return { site, story };
}
