import type { Insertable, Selectable } from 'kysely';

/** Who wrote a comment: a guest (name + optional email) or, with user_id, a signed-in user on that site. */
export interface AuthorTable {
  id: string;
  site_id: string;
  name: string;
  email: string | null;
  /** Lower-cased email or '': with name, the identity of a guest on a site. */
  email_key: string;
  /** The account that wrote as this author; null for guests. */
  user_id: string | null;
  created_at: number;
}
export type AuthorRow = Selectable<AuthorTable>;
export type NewAuthorRow = Insertable<AuthorTable>;
