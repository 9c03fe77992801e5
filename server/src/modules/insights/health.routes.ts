import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Platform } from '../../platform/platform.ts';

// Two seeds' forms in one answer: the first's {status, uptime_seconds, version, scheduler_jobs, database, queue}
// and the later's {"status": "healthy", timestamp, checks: {database, redis, scheduler}}.
const HealthSchema = z.object({
  status: z.enum(['healthy', 'degraded']).describe('healthy when every check is ok (the later seed\'s word), degraded otherwise'),
  ok: z.boolean().describe('The same as a boolean'),
  timestamp: z.string(),
  uptime_seconds: z.number(),
  version: z.string(),
  scheduler_jobs: z.number().describe('Recurring tasks armed in this process'),
  database: z.object({ dialect: z.enum(['sqlite', 'postgres']), ok: z.boolean() }),
  queue: z.object({ driver: z.string(), pending: z.number(), running: z.number() }),
  background: z.record(z.string(), z.object({
    state: z.enum(['running', 'done', 'failed']),
    checked: z.number().describe('Rows looked at so far'),
    updated: z.number().describe('Rows that needed work among them'),
    started_at: z.string(),
    finished_at: z.string().nullable(),
  })).describe('Index upkeep running beside the requests since start-up (title_index: the duplicate check\'s title index)'),
  checks: z.object({
    database: z.enum(['ok', 'error']),
    redis: z.enum(['ok', 'error', 'not_configured']).describe('not_configured: jobs run in-process (no REDIS_URL)'),
    scheduler: z.enum(['ok', 'idle']).describe('idle: no recurring task is armed in this process (a worker, or every schedule off)'),
  }),
});

/** Health reads the platform's moving parts (database, scheduler, job queue), nothing of a module. */
export function healthRoutes(app: FastifyInstance, ctx: Platform) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/health', {
    schema: { tags: ['health'], summary: 'Liveness and a summary of the moving parts', response: { 200: HealthSchema } },
    config: { rateLimit: false },
  }, async () => {
    const dbOk = await ctx.database.ping();
    // With BullMQ the queue's counters come from Redis: a failure there is Redis being unreachable.
    const queue = await ctx.jobs.stats().then((s) => ({ ok: true, ...s }), () => ({ ok: false, pending: 0, running: 0 }));
    const armed = ctx.scheduler.armed().length;
    const redis = ctx.jobs.driver === 'bullmq' ? (queue.ok ? 'ok' as const : 'error' as const) : 'not_configured' as const;
    const ok = dbOk && redis !== 'error';
    return {
      status: ok ? 'healthy' as const : 'degraded' as const,
      ok,
      timestamp: new Date().toISOString(),
      uptime_seconds: Math.round((Date.now() - ctx.startedAt) / 1000),
      version: ctx.config.version,
      scheduler_jobs: armed,
      database: { dialect: ctx.database.dialect, ok: dbOk },
      queue: { driver: ctx.jobs.driver, pending: queue.pending, running: queue.running },
      background: ctx.background.snapshot(),
      checks: { database: dbOk ? 'ok' as const : 'error' as const, redis, scheduler: armed > 0 ? 'ok' as const : 'idle' as const },
    };
  });

  r.get('/ready', {
    schema: {
      tags: ['health'], summary: 'Readiness: 200 only when the database answers',
      response: { 200: z.object({ ready: z.literal(true) }), 503: z.object({ ready: z.literal(false) }) },
    },
    config: { rateLimit: false },
    // A process stopping (SIGTERM) is not ready: the load balancer sends no new work while its jobs drain.
  }, async (_req, reply) => (!ctx.draining.value && (await ctx.database.ping()) ? { ready: true as const } : reply.code(503).send({ ready: false as const })));
}
