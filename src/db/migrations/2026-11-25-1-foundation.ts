import type { Kysely } from 'kysely';

// Frozen in time: written against Kysely<any> so later changes to the row types never alter what it did.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sites')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('origins', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('stories')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('site_id', 'varchar(64)', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('identifier', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('image_url', 'text')
    .addColumn('image_caption', 'text')
    .addColumn('image_credit', 'text')
    .addColumn('published_at', 'bigint')
    .addColumn('closed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('comment_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('stories_site_identifier', ['site_id', 'identifier'])
    .execute();
  await db.schema.createIndex('stories_site_url').on('stories').columns(['site_id', 'url']).execute();
  await db.schema.createIndex('stories_site_published').on('stories').columns(['site_id', 'published_at']).execute();

  await db.schema
    .createTable('authors')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('site_id', 'varchar(64)', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('email_key', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('authors_identity', ['site_id', 'name', 'email_key'])
    .execute();

  await db.schema
    .createTable('comments')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('site_id', 'varchar(64)', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('story_id', 'varchar(64)', (c) => c.notNull().references('stories.id').onDelete('cascade'))
    .addColumn('parent_id', 'varchar(64)', (c) => c.references('comments.id'))
    .addColumn('depth', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('author_id', 'varchar(64)', (c) => c.notNull().references('authors.id'))
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('reply_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('upvotes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('downvotes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('best_score', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('reasons', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('edit_key_hash', 'text')
    .addColumn('import_key', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('edited_at', 'bigint')
    .addColumn('deleted_at', 'bigint')
    .execute();
  // The thread read: one story's comments under one parent (null for top level), in time order.
  await db.schema
    .createIndex('comments_thread')
    .on('comments')
    .columns(['story_id', 'parent_id', 'created_at', 'id'])
    .execute();
  // The same read in the "best" and "most replies" sorts, so no sort scans a whole story.
  await db.schema
    .createIndex('comments_thread_best')
    .on('comments')
    .columns(['story_id', 'parent_id', 'best_score', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('comments_thread_replies')
    .on('comments')
    .columns(['story_id', 'parent_id', 'reply_count', 'created_at', 'id'])
    .execute();
  await db.schema.createIndex('comments_parent').on('comments').columns(['parent_id', 'created_at']).execute();
  await db.schema.createIndex('comments_author').on('comments').columns(['author_id', 'created_at']).execute();
  await db.schema.createIndex('comments_site_status').on('comments').columns(['site_id', 'status', 'created_at']).execute();
  await db.schema
    .createIndex('comments_import_key')
    .on('comments')
    .columns(['site_id', 'import_key'])
    .unique()
    .execute();

  await db.schema
    .createTable('comment_revisions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('comment_id', 'varchar(64)', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('comment_revisions_comment').on('comment_revisions').columns(['comment_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['comment_revisions', 'comments', 'authors', 'stories', 'sites']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
