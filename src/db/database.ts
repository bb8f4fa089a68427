import type { Kysely } from 'kysely';
import type { AuthorTable } from '../modules/authors/author.table.js';
import type { AuthTokenTable, SessionTable, SiteAuthTable } from '../modules/auth/auth.table.js';
import type { CommentRevisionTable, CommentTable } from '../modules/comments/comment.table.js';
import type { ImportStagingTable } from '../importers/staging.table.js';
import type { JobTable } from '../jobs/job.table.js';
import type { AppSecretTable, EmailUnsubscribeTable } from '../notifications/unsubscribe.table.js';
import type { WebhookDeliveryTable, WebhookTable } from '../webhooks/webhook.table.js';
import type { SiteTable } from '../modules/sites/site.table.js';
import type { StoryTable } from '../modules/stories/story.table.js';
import type { ReactionTable } from '../modules/reactions/reaction.table.js';
import type { ReportTable } from '../modules/reports/report.table.js';
import type { SiteMemberTable, UserIdentityTable, UserTable } from '../modules/users/user.table.js';
import type { AuditLogTable, CommentModerationColumns, ModeratorNoteTable } from '../modules/moderation/moderation.table.js';

export interface Database {
  sites: SiteTable;
  stories: StoryTable;
  authors: AuthorTable;
  comments: CommentTable & CommentModerationColumns;
  comment_revisions: CommentRevisionTable;
  users: UserTable;
  user_identities: UserIdentityTable;
  site_members: SiteMemberTable;
  sessions: SessionTable;
  auth_tokens: AuthTokenTable;
  site_auth: SiteAuthTable;
  jobs: JobTable;
  webhooks: WebhookTable;
  webhook_deliveries: WebhookDeliveryTable;
  email_unsubscribes: EmailUnsubscribeTable;
  app_secrets: AppSecretTable;
  import_staging: ImportStagingTable;
  reactions: ReactionTable;
  reports: ReportTable;
  audit_log: AuditLogTable;
  moderator_notes: ModeratorNoteTable;
}

export type Db = Kysely<Database>;
export type Dialect = 'sqlite' | 'postgres';
