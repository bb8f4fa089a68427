import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Deps } from '../../deps.js';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Registry;
  }
}

/** A gauge read when /metrics is scraped, e.g. a queue's depth. */
export interface GaugeSource {
  name: string;
  help: string;
  read(): Promise<number> | number;
}

/**
 * Prometheus metrics at /metrics: request rates and latencies by route (the route's pattern, never the raw URL,
 * so ids do not explode the label set), moderation outcomes, and whatever gauges the running roles register.
 * Each app has its own registry, so several apps in one process (tests) do not collide.
 */
export const metricsPlugin = fp(
  async (app: FastifyInstance, opts: { deps: Deps; gauges?: GaugeSource[] }) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'agora_' });
    const requests = new Histogram({
      name: 'agora_http_request_duration_seconds',
      help: 'HTTP request duration by route, method and status code',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    const outcomes = new Counter({
      name: 'agora_moderation_outcomes_total',
      help: 'Statuses the moderation pipeline gave new and edited comments',
      labelNames: ['status', 'event'] as const,
      registers: [registry],
    });
    for (const g of opts.gauges ?? []) {
      new Gauge({
        name: g.name,
        help: g.help,
        registers: [registry],
        async collect() {
          this.set(await g.read());
        },
      });
    }
    const listener = (e: { type: string; comment: { status: string } }) => {
      if (e.type === 'comment.created' || e.type === 'comment.edited') outcomes.inc({ status: e.comment.status, event: e.type });
    };
    opts.deps.commentEvents.add(listener);
    app.addHook('onClose', async () => {
      opts.deps.commentEvents.delete(listener);
    });

    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      if (route === '/metrics') return;
      requests.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });
    app.decorate('metrics', registry);
    app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
      reply.type(registry.contentType);
      return registry.metrics();
    });
  },
  { name: 'agora-metrics' },
);
