import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Platform } from '../../platform/platform.ts';

const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  uptime_seconds: z.number(),
  version: z.string(),
  scheduler_jobs: z.number().describe('Recurring tasks armed in this process'),
  database: z.object({ dialect: z.enum(['sqlite', 'postgres']), ok: z.boolean() }),
  queue: z.object({ driver: z.string(), pending: z.number(), running: z.number() }),
});

/** Health reads the platform's moving parts (database, scheduler, job queue), nothing of a module. */
export function healthRoutes(app: FastifyInstance, ctx: Platform) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/health', {
    schema: { tags: ['health'], summary: 'Liveness and a summary of the moving parts', response: { 200: HealthSchema } },
    config: { rateLimit: false },
  }, async () => {
    const ok = await ctx.database.ping();
    return {
      status: ok ? 'ok' as const : 'degraded' as const,
      uptime_seconds: Math.round((Date.now() - ctx.startedAt) / 1000),
      version: ctx.config.version,
      scheduler_jobs: ctx.scheduler.armed().length,
      database: { dialect: ctx.database.dialect, ok },
      queue: { driver: ctx.jobs.driver, ...(await ctx.jobs.stats()) },
    };
  });

  r.get('/ready', {
    schema: {
      tags: ['health'], summary: 'Readiness: 200 only when the database answers',
      response: { 200: z.object({ ready: z.literal(true) }), 503: z.object({ ready: z.literal(false) }) },
    },
    config: { rateLimit: false },
  }, async (_req, reply) => ((await ctx.database.ping()) ? { ready: true as const } : reply.code(503).send({ ready: false as const })));
}
