import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { WebApp } from '../web/index.ts';

/** `GET /` for API clients (and browsers while no web app is built): who we are and where to go. */
export function rootRoutes(app: FastifyInstance, ctx: { web: WebApp; version: string }) {
  app.withTypeProvider<ZodTypeProvider>().get('/', {
    schema: {
      tags: ['health'], summary: 'Name, version and links',
      response: { 200: z.object({ name: z.string(), version: z.string(), links: z.record(z.string(), z.string()) }) },
    },
  }, async (req, reply) => {
    // A browser asking for a page gets the web app when it is built (modules/web); API clients keep this JSON.
    if (ctx.web.servesPage(req) && ctx.web.sendIndex(reply)) return reply;
    return {
      name: 'VintedBot',
      version: ctx.version,
      links: { docs: '/docs', openapi: '/docs/json', health: '/health', listings: '/listings', events: '/events' },
    };
  });
}
