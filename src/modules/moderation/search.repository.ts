import { sql, type RawBuilder } from 'kysely';
import type { Db, Dialect } from '../../db/database.js';
import type { CommentStatus } from '../comments/comment.table.js';

export interface SearchQuery {
  siteId: string;
  /** Words that must all occur in the text. */
  text?: string;
  /** Part of the author's name, any case. */
  author?: string;
  status?: CommentStatus;
  /** TOXICITY score range, inclusive. */
  minScore?: number;
  maxScore?: number;
  limit: number;
  /** Newest first; continue after this (created_at, id). */
  after?: { createdAt: number; id: string };
}

/** Words of a query as FTS5 phrases: quoting each keeps the user's text from being read as FTS5 syntax. */
export function ftsPhrases(text: string): string | null {
  const words = text
    .split(/\s+/)
    .map((w) => w.replace(/"/g, '').trim())
    .filter(Boolean)
    .slice(0, 20);
  return words.length ? words.map((w) => `"${w}"`).join(' ') : null;
}

const likePattern = (s: string): string => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The TOXICITY score stored in comments.scores (JSON text), as a number. */
export function toxicityExpr(dialect: Dialect): RawBuilder<number | null> {
  return dialect === 'postgres'
    ? sql<number | null>`(comments.scores::jsonb ->> 'TOXICITY')::double precision`
    : sql<number | null>`json_extract(comments.scores, '$.TOXICITY')`;
}

/**
 * Full-text search over a site's comments. SQLite: the FTS5 table the migration keeps in sync by triggers;
 * PostgreSQL: to_tsvector('simple', body) matched by its GIN expression index.
 */
export class SearchRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  async search(q: SearchQuery): Promise<Array<{ id: string; created_at: number }>> {
    let query = this.db
      .selectFrom('comments')
      .innerJoin('authors', 'authors.id', 'comments.author_id')
      .select(['comments.id', 'comments.created_at'])
      .where('comments.site_id', '=', q.siteId);
    const text = q.text?.trim();
    if (text) {
      if (this.dialect === 'postgres') {
        query = query.where(sql<boolean>`to_tsvector('simple', comments.body) @@ plainto_tsquery('simple', ${text})`);
      } else {
        const phrases = ftsPhrases(text);
        if (phrases) {
          query = query.where(
            sql<boolean>`comments.id in (select s.comment_id from comment_search s where s.rowid in (select rowid from comments_fts where comments_fts match ${phrases}))`,
          );
        }
      }
    }
    const author = q.author?.trim();
    if (author) {
      query = query.where(this.dialect === 'postgres' ? sql<boolean>`authors.name ilike ${likePattern(author)} escape '\\'` : sql<boolean>`authors.name like ${likePattern(author)} escape '\\'`);
    }
    if (q.status) query = query.where('comments.status', '=', q.status);
    const tox = toxicityExpr(this.dialect);
    if (q.minScore !== undefined) query = query.where(sql<boolean>`${tox} >= ${q.minScore}`);
    if (q.maxScore !== undefined) query = query.where(sql<boolean>`${tox} <= ${q.maxScore}`);
    const after = q.after;
    if (after) query = query.where((eb) => eb(eb.refTuple('comments.created_at', 'comments.id'), '<', eb.tuple(after.createdAt, after.id)));
    const rows = await query.orderBy('comments.created_at', 'desc').orderBy('comments.id', 'desc').limit(q.limit).execute();
    return rows.map((r) => ({ id: r.id, created_at: Number(r.created_at) }));
  }
}
