import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../../errors.js';
import { html } from '../../../lib/html.js';

const TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', map: 'application/json; charset=utf-8' };

/**
 * The workspace's HTML shell and its files (built by scripts/build-admin.mjs into <webDir>/admin). The shell
 * carries no data: the app asks the API, which checks every request; signed-out visitors are sent to sign in.
 */
export const adminPageRoutes: FastifyPluginAsyncTypebox<{ webDir: string }> = async (app, { webDir }) => {
  app.get('/admin', { schema: { hide: true } }, async (req, reply) => {
    const signedIn = req.actor.kind === 'user';
    const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Moderation · Agora</title>
<link rel="stylesheet" href="/admin/assets/admin.css">
<script type="module" src="/admin/assets/admin.js"></script>
</head>
<body>
<div id="admin-root" data-signed-in="${signedIn ? 'true' : 'false'}">${signedIn ? html`<p class="loading">Loading the moderation workspace…</p>` : html`<p class="signin">Sign in to moderate: <a href="/account">your account</a>.</p>`}</div>
</body>
</html>
`;
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page.value);
  });

  app.get(
    '/admin/assets/:file',
    { schema: { hide: true, params: Type.Object({ file: Type.String({ pattern: '^[A-Za-z0-9_.-]+\\.(js|css|map)$', maxLength: 120 }) }) } },
    async (req, reply) => {
      let body: Buffer;
      try {
        body = await readFile(join(webDir, 'admin', req.params.file));
      } catch {
        throw new AppError('NOT_FOUND', `${req.params.file} is not built: run npm run build:admin`);
      }
      const ext = req.params.file.split('.').pop() ?? '';
      return reply.type(TYPES[ext] ?? 'application/octet-stream').header('cache-control', 'no-cache').send(body);
    },
  );
};
