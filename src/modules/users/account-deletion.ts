import type { CommentService } from '../comments/comment.service.js';
import type { SessionService } from '../auth/session.service.js';
import type { SiteService } from '../sites/site.service.js';
import type { UserService } from './user.service.js';

/**
 * Deletes an account as each site chooses: on 'remove' sites its comments are deleted (tombstones keep threads
 * whole), elsewhere they stay under a neutral name. Sessions end at once.
 */
export async function deleteAccount(deps: { users: UserService; comments: CommentService; sites: SiteService; sessions: SessionService }, userId: string): Promise<{ removed: number; anonymized: number }> {
  const { comments } = await deps.users.exportData(userId);
  const modes = new Map<string, string>();
  let removed = 0;
  for (const c of comments) {
    if (!modes.has(c.site_id)) modes.set(c.site_id, (await deps.sites.get(c.site_id)).settings.accountDeletion);
    if (modes.get(c.site_id) === 'remove' && c.status !== 'deleted') {
      await deps.comments.setStatus(c.id, 'deleted');
      removed++;
    }
  }
  await deps.users.deleteAccount(userId);
  await deps.sessions.revokeAll(userId);
  return { removed, anonymized: comments.length - removed };
}
