import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { EventBus, EventEnvelope } from '../../platform/events.ts';
import { ownerScope } from '../../platform/security/owner-scope.ts';

const HEARTBEAT_MS = 15_000;

/**
 * Server-Sent Events: every app event as `event: <type>` with its JSON envelope, for the web app's live views.
 * `perOwner` (AUTH_MODE=accounts): a connection receives only the events of its own owner, the owner scope current
 * when each event was emitted; an event of no owner (emitted outside any owner's work) goes to nobody. A single
 * seller receives every event.
 */
export function eventsRoutes(app: FastifyInstance, events: EventBus, perOwner: boolean) {
  app.withTypeProvider<ZodTypeProvider>().get('/events', {
    schema: {
      tags: ['events'], summary: 'Live events (Server-Sent Events)',
      description: 'text/event-stream. Each message has `event: <type>` (draft.created, price.dropped, duplicate.detected, job.progress, …) and `data: {type, at, data}`. Optional `types` filter, comma-separated. In accounts mode a connection receives its own owner\'s events only.',
      querystring: z.object({ types: z.string().max(500).optional() }),
    },
    config: { rateLimit: false },
  }, (req, reply) => {
    const wanted = req.query.types ? new Set(req.query.types.split(',').map((s) => s.trim())) : null;
    const owner = ownerScope.current();
    if (perOwner && owner === undefined) throw new Error('owner_scope_missing: /events without an identified owner');
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
      if (perOwner && e.owner !== owner) return;
      const { owner: _owner, ...sent } = e;
      res.write(`event: ${e.type}\ndata: ${JSON.stringify(sent)}\n\n`);
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
