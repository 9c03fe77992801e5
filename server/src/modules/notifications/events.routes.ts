import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { EventBus, EventEnvelope } from '../../platform/events.ts';

const HEARTBEAT_MS = 15_000;

/** Server-Sent Events: every app event as `event: <type>` with its JSON envelope, for the web app's live views. */
export function eventsRoutes(app: FastifyInstance, events: EventBus) {
  app.withTypeProvider<ZodTypeProvider>().get('/events', {
    schema: {
      tags: ['events'], summary: 'Live events (Server-Sent Events)',
      description: 'text/event-stream. Each message has `event: <type>` (draft.created, price.dropped, duplicate.detected, job.progress, …) and `data: {type, at, data}`. Optional `types` filter, comma-separated.',
      querystring: z.object({ types: z.string().max(500).optional() }),
    },
    config: { rateLimit: false },
  }, (req, reply) => {
    const wanted = req.query.types ? new Set(req.query.types.split(',').map((s) => s.trim())) : null;
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-request-id': req.id,
      'x-accel-buffering': 'no',
      ...corsHeaders(reply.getHeaders()),
    });
    res.write(`retry: 3000\n: connected\n\n`);
    const send = (e: EventEnvelope) => {
      if (wanted && !wanted.has(e.type)) return;
      res.write(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
    };
    const off = events.onAny(send);
    const beat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    const close = () => {
      off();
      clearInterval(beat);
    };
    req.raw.on('close', close);
    res.on('error', close);
  });
}

// reply.hijack() skips Fastify's onSend hooks, so CORS headers set earlier are copied by hand.
function corsHeaders(h: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (k.startsWith('access-control-') && typeof v === 'string') out[k] = v;
  return out;
}
