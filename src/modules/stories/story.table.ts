import type { Insertable, Selectable, Updateable } from 'kysely';

export interface StoryTable {
  id: string;
  site_id: string;
  /** The site's own id for the story; derived from the URL when the site gives none. Unique per site. */
  identifier: string;
  url: string | null;
  title: string;
  body: string;
  image_url: string | null;
  image_caption: string | null;
  image_credit: string | null;
  published_at: number | null;
  /** 0 or 1: SQLite has no boolean, so both stores keep an integer. */
  closed: number;
  /** Published (approved) comments, kept by the comment service. */
  comment_count: number;
  created_at: number;
  updated_at: number;
}
export type StoryRow = Selectable<StoryTable>;
export type NewStoryRow = Insertable<StoryTable>;
export type StoryUpdate = Updateable<StoryTable>;
