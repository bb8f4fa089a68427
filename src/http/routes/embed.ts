import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.js';

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  map: 'application/json; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/**
 * The embed's browser files, built by `npm run build:web` into `webDir`. /embed.js and /count.js keep their
 * names, so sites never change their tag, and are cached briefly; everything under /widget/ carries a content
 * hash in its name and is cached for a year. All are readable from any origin (module scripts are fetched
 * with CORS).
 */
export const embedRoutes: FastifyPluginAsyncTypebox<{ webDir: string }> = async (app, { webDir }) => {
  async function send(file: string, maxAge: string, reply: FastifyReply) {
    let body: Buffer;
    try {
      body = await readFile(join(webDir, file));
    } catch {
      throw new AppError('NOT_FOUND', `${file} is not built: run npm run build:web`);
    }
    const ext = file.split('.').pop() ?? '';
    return reply
      .header('content-type', TYPES[ext] ?? 'application/octet-stream')
      .header('cache-control', maxAge)
      .header('access-control-allow-origin', '*')
      .header('cross-origin-resource-policy', 'cross-origin')
      .send(body);
  }

  const short = 'public, max-age=300, stale-while-revalidate=3600';
  app.get('/embed.js', { schema: { hide: true } }, async (_req, reply) => send('embed.js', short, reply));
  app.get('/count.js', { schema: { hide: true } }, async (_req, reply) => send('count.js', short, reply));
  app.get(
    '/widget/:file',
    { schema: { hide: true, params: Type.Object({ file: Type.String({ pattern: '^[A-Za-z0-9_.-]+\\.(js|css|map|json)$', maxLength: 120 }) }) } },
    async (req, reply) => send(join('widget', req.params.file), 'public, max-age=31536000, immutable', reply),
  );
};
