import type { Insertable, Selectable } from 'kysely';

/** Who wrote a comment. Guests for now (name + optional email); accounts link here later. */
export interface AuthorTable {
  id: string;
  site_id: string;
  name: string;
  email: string | null;
  /** Lower-cased email or '': with name, the identity of a guest on a site. */
  email_key: string;
  created_at: number;
}
export type AuthorRow = Selectable<AuthorTable>;
export type NewAuthorRow = Insertable<AuthorTable>;
