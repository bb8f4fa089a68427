import type { Kysely } from 'kysely';

// Frozen in time: written against Kysely<any> so later changes to the row types never alter what it did.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    // Lower-cased email for password and magic-link sign-in; null for SSO/OIDC users, so a site cannot claim
    // another person's account by asserting their email.
    .addColumn('login_email', 'text', (c) => c.unique())
    .addColumn('email_verified_at', 'bigint')
    .addColumn('password_hash', 'text')
    .addColumn('role', 'varchar(16)', (c) => c.notNull().defaultTo('commenter'))
    .addColumn('banned_at', 'bigint')
    .addColumn('suspended_until', 'bigint')
    .addColumn('premoderated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('user_identities')
    .addColumn('provider', 'varchar(300)', (c) => c.notNull())
    .addColumn('subject', 'varchar(300)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_identities_pk', ['provider', 'subject'])
    .execute();
  await db.schema.createIndex('user_identities_user').on('user_identities').column('user_id').execute();

  await db.schema
    .createTable('site_members')
    .addColumn('site_id', 'varchar(64)', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'varchar(16)', (c) => c.notNull().defaultTo('commenter'))
    .addColumn('badge', 'text')
    .addColumn('banned_at', 'bigint')
    .addColumn('suspended_until', 'bigint')
    .addColumn('premoderated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('site_members_pk', ['site_id', 'user_id'])
    .execute();
  await db.schema.createIndex('site_members_user').on('site_members').column('user_id').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('site_id', 'varchar(64)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  // One-time secrets sent by mail or handed between steps (magic link, verify, reset, setup, SSO jti).
  await db.schema
    .createTable('auth_tokens')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(64)', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('email', 'text')
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();

  // Secrets for a site's single sign-on; kept out of the public settings JSON.
  await db.schema
    .createTable('site_auth')
    .addColumn('site_id', 'varchar(64)', (c) => c.primaryKey().references('sites.id').onDelete('cascade'))
    .addColumn('sso_secret', 'text')
    .addColumn('sso_jwks_url', 'text')
    .addColumn('oidc_issuer', 'text')
    .addColumn('oidc_client_id', 'text')
    .addColumn('oidc_client_secret', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('authors').addColumn('user_id', 'varchar(64)', (c) => c.references('users.id').onDelete('set null')).execute();
  await db.schema.createIndex('authors_user').on('authors').columns(['user_id', 'site_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('authors_user').ifExists().execute();
  await db.schema.alterTable('authors').dropColumn('user_id').execute();
  for (const t of ['site_auth', 'auth_tokens', 'sessions', 'site_members', 'user_identities', 'users']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
