import type { FastifyInstance } from 'fastify';
import type { PlatformMetrics } from './metrics.ts';

/**
 * GET /metrics in Prometheus' text format, and every answered request counted by route pattern (`/listings/:id`, never
 * the raw URL, so ids do not explode the label set) and status, with its latency. The route is not public: with
 * API_TOKEN set it needs the token like any other (the security perimeter lists only /health and /ready as open).
 * Hidden from the API docs: it is for monitoring systems, not API clients.
 */
export function installMetrics(app: FastifyInstance, metrics: PlatformMetrics) {
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    const labels = { method: req.method, route };
    metrics.httpRequests.inc({ ...labels, status: String(reply.statusCode) });
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.type(metrics.contentType).header('cache-control', 'no-store');
    return metrics.text();
  });
}
