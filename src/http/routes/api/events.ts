import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../../deps.js';
import type { EventBus, LiveEvent } from '../../../realtime/event-bus.js';
import { errorResponses, Id } from '../../schemas/common.js';

export interface EventRoutesOptions {
  deps: Deps;
  bus: EventBus;
  /** Comment lines sent this often keep proxies from closing an idle stream. */
  heartbeatMs?: number;
}

const frame = (e: LiveEvent): string => `id: ${e.id}\ndata: ${JSON.stringify(e.data)}\n\n`;

/** Server-Sent Events: a story's published comment changes, resumable with Last-Event-ID. */
export const eventRoutes: FastifyPluginAsyncTypebox<EventRoutesOptions> = async (app, { deps, bus, heartbeatMs = 25_000 }) => {
  const open = new Set<ServerResponse>();
  // Streams never end by themselves: end them first, or closing the server would wait for them forever.
  app.addHook('preClose', async () => {
    for (const res of open) res.end();
    open.clear();
  });

  app.get(
    '/stories/:storyId/events',
    {
      schema: {
        tags: ['comments'],
        summary: "A story's live comment changes (text/event-stream)",
        description:
          'Each event\'s data is {type: "comment.added"|"comment.updated", comment} or {type: "comment.removed", id, parentId}. ' +
          'Reconnect with Last-Event-ID (or ?lastEventId=) to receive what was missed; an event named "reset" means the ' +
          'missed events are gone and the thread should be reloaded.',
        params: Type.Object({ storyId: Id }),
        querystring: Type.Object({ lastEventId: Type.Optional(Type.String({ maxLength: 64 })) }),
        response: errorResponses,
      },
    },
    async (req, reply) => {
      await deps.stories.get(req.params.storyId);
      const header = req.headers['last-event-id'];
      const lastEventId = (typeof header === 'string' && header) || req.query.lastEventId || undefined;
      const res = reply.raw;
      reply.hijack();
      // Headers are written but not sent until the first write below, after the subscription exists: a client
      // whose stream has opened has missed nothing. Live events arriving meanwhile wait behind the replay.
      res.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
      });
      open.add(res);
      let early: LiveEvent[] | null = [];
      // A bus in Redis answers asynchronously: the reader may leave, or the server close, before it does.
      const sub = await bus.subscribe(req.params.storyId, (e) => (early ? early.push(e) : res.write(frame(e))), lastEventId);
      if (res.destroyed || res.writableEnded) {
        sub.unsubscribe();
        open.delete(res);
        return;
      }
      res.write('retry: 3000\n\n');
      if (sub.missed === null) res.write('event: reset\ndata: {}\n\n');
      const replayed = new Set((sub.missed ?? []).map((e) => e.id));
      for (const e of sub.missed ?? []) res.write(frame(e));
      for (const e of early) if (!replayed.has(e.id)) res.write(frame(e));
      early = null;
      const beat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
      beat.unref();
      res.on('close', () => {
        clearInterval(beat);
        sub.unsubscribe();
        open.delete(res);
      });
    },
  );
};
