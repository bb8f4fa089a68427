import type { Insertable, Selectable, Updateable } from 'kysely';

export interface SiteTable {
  id: string;
  name: string;
  /** JSON array of allowed origins, e.g. ["https://news.example"]. */
  origins: string;
  /** JSON object, see SiteSettings. */
  settings: string;
  created_at: number;
}
export type SiteRow = Selectable<SiteTable>;
export type NewSiteRow = Insertable<SiteTable>;
export type SiteUpdate = Updateable<SiteTable>;
