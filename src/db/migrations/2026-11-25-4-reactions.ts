import type { Kysely } from 'kysely';

// Frozen in time: written against Kysely<any> so later changes to the row types never alter what it did.
// Reactions and reader reports (issue 5: the embeddable widget).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('reactions')
    .addColumn('comment_id', 'varchar(64)', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('voter_key', 'varchar(128)', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('reactions_pk', ['comment_id', 'voter_key'])
    .execute();

  await db.schema
    .createTable('reports')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('site_id', 'varchar(64)', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('comment_id', 'varchar(64)', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('reporter_key', 'varchar(128)', (c) => c.notNull())
    .addColumn('reason', 'varchar(16)', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('resolved_at', 'bigint')
    .addUniqueConstraint('reports_one_per_reporter', ['comment_id', 'reporter_key'])
    .execute();
  // The moderation queue: a site's open reports, oldest first.
  await db.schema.createIndex('reports_site_open').on('reports').columns(['site_id', 'resolved_at', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('reports').ifExists().execute();
  await db.schema.dropTable('reactions').ifExists().execute();
}
