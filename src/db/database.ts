import type { Kysely } from 'kysely';
import type { AuthorTable } from '../modules/authors/author.table.js';
import type { CommentRevisionTable, CommentTable } from '../modules/comments/comment.table.js';
import type { SiteTable } from '../modules/sites/site.table.js';
import type { StoryTable } from '../modules/stories/story.table.js';

export interface Database {
  sites: SiteTable;
  stories: StoryTable;
  authors: AuthorTable;
  comments: CommentTable;
  comment_revisions: CommentRevisionTable;
}

export type Db = Kysely<Database>;
export type Dialect = 'sqlite' | 'postgres';
