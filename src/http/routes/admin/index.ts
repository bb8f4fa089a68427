import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../../deps.js';
import { adminAuditRoutes } from './audit.js';
import { adminPageRoutes } from './page.js';
import { adminQueueRoutes } from './queue.js';
import { adminWorkspaceRoutes } from './workspace.js';

/** The moderators' workspace: its API under /api/v1/admin and its page at /admin. */
export const adminRoutes: FastifyPluginAsync<{ deps: Deps; webDir: string }> = async (app, { deps, webDir }) => {
  await app.register(
    async (api) => {
      await api.register(adminQueueRoutes, { deps });
      await api.register(adminAuditRoutes, { deps });
      await api.register(adminWorkspaceRoutes, { deps });
    },
    { prefix: '/api/v1' },
  );
  await app.register(adminPageRoutes, { webDir });
};
