import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen in time: written against Kysely<any> so later changes to the row types never alter what it did.
// The moderators' workspace (issue 6): audit log, moderator notes, scores and flags on comments, full-text search.
const isPostgres = (db: Kysely<any>): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('comments').addColumn('scores', 'text').execute();
  await db.schema.alterTable('comments').addColumn('featured', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('comments').addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  // When a person (not the pipeline) last decided on the comment: null is the "unmoderated" queue.
  await db.schema.alterTable('comments').addColumn('reviewed_at', 'bigint').execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    // A user id, or 'pipeline' for automatic decisions. No foreign key: the log outlives deleted accounts.
    .addColumn('actor', 'varchar(64)', (c) => c.notNull())
    .addColumn('site_id', 'varchar(64)', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('action', 'varchar(32)', (c) => c.notNull())
    .addColumn('comment_id', 'varchar(64)')
    .addColumn('target_user_id', 'varchar(64)')
    .addColumn('from_status', 'varchar(16)')
    .addColumn('to_status', 'varchar(16)')
    .addColumn('reason', 'text')
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    // Set when a later entry undid this one, so undo never restores the same decision twice.
    .addColumn('undone_by', 'varchar(64)')
    .execute();
  await db.schema.createIndex('audit_log_site_at').on('audit_log').columns(['site_id', 'at', 'id']).execute();
  await db.schema.createIndex('audit_log_comment').on('audit_log').columns(['comment_id', 'at']).execute();
  await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor', 'at']).execute();

  await db.schema
    .createTable('moderator_notes')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('site_id', 'varchar(64)', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    // Notes are about an author row: guests have no account, so the author is the only identity they have.
    .addColumn('author_id', 'varchar(64)', (c) => c.notNull().references('authors.id').onDelete('cascade'))
    .addColumn('moderator_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('moderator_notes_author').on('moderator_notes').columns(['author_id', 'created_at']).execute();

  if (isPostgres(db)) {
    // 'simple' configuration: no language-specific stemming, since a site's comments come in many languages.
    await sql`create index comments_body_fts on comments using gin (to_tsvector('simple', body))`.execute(db);
  } else {
    // comments has a text primary key, so its rowid may change on VACUUM: the index keys on a stable integer of
    // its own (comment_search.rowid), mapped to the comment id.
    await sql`create table comment_search (rowid integer primary key, comment_id text not null unique)`.execute(db);
    await sql`create virtual table comments_fts using fts5(body, tokenize = 'unicode61 remove_diacritics 2')`.execute(db);
    await sql`create trigger comments_fts_insert after insert on comments begin
      insert into comment_search (comment_id) values (new.id);
      insert into comments_fts (rowid, body) values (last_insert_rowid(), new.body);
    end`.execute(db);
    await sql`create trigger comments_fts_update after update of body on comments begin
      delete from comments_fts where rowid = (select rowid from comment_search where comment_id = old.id);
      insert into comments_fts (rowid, body) select rowid, new.body from comment_search where comment_id = new.id;
    end`.execute(db);
    await sql`create trigger comments_fts_delete after delete on comments begin
      delete from comments_fts where rowid = (select rowid from comment_search where comment_id = old.id);
      delete from comment_search where comment_id = old.id;
    end`.execute(db);
    await sql`insert into comment_search (comment_id) select id from comments order by created_at, id`.execute(db);
    await sql`insert into comments_fts (rowid, body) select s.rowid, c.body from comment_search s join comments c on c.id = s.comment_id`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop index if exists comments_body_fts`.execute(db);
  } else {
    for (const t of ['comments_fts_insert', 'comments_fts_update', 'comments_fts_delete']) await sql.raw(`drop trigger if exists ${t}`).execute(db);
    await sql`drop table if exists comments_fts`.execute(db);
    await sql`drop table if exists comment_search`.execute(db);
  }
  await db.schema.dropTable('moderator_notes').ifExists().execute();
  await db.schema.dropTable('audit_log').ifExists().execute();
  for (const c of ['reviewed_at', 'pinned', 'featured', 'scores']) await db.schema.alterTable('comments').dropColumn(c).execute();
}
