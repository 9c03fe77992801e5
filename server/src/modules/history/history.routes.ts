import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import { historyCsv } from './history-csv.ts';
import { HistoryPageSchema, HistoryQuerySchema } from './history.schemas.ts';
import type { HistoryService } from './history.service.ts';

export function historyRoutes(app: FastifyInstance, history: HistoryService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['history'];
  r.get('/history', {
    schema: {
      tags, summary: 'Every change to items and orders, newest first: who or what made it, and the values before and after',
      description: 'Filters: `type`, `item_id`, `actor` (seller, price_drop, import, bulk, extension, vinted…), `from`/`to` (days or instants, UTC). Cursor paging.',
      querystring: HistoryQuerySchema, response: { 200: HistoryPageSchema, 400: ErrorResponseSchema },
    },
  }, async (req) => history.list(req.query));
  r.get('/history/export.csv', {
    schema: {
      tags, summary: 'The history as CSV (same filters as GET /history, every matching entry)', querystring: HistoryQuerySchema.omit({ limit: true, cursor: true }),
      description: 'Columns: at, type, actor, entity, entity_id, item_id, title, changes ("price: 30 → 27"). UTF-8 with a BOM; formula-like cells start with an apostrophe.',
      response: { 400: ErrorResponseSchema },
    },
  }, async (req, reply) => {
    const stream = Readable.from(historyCsv(history.all(req.query)));
    const day = new Date().toISOString().slice(0, 10);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="vintedbot-history-${day}.csv"`).header('cache-control', 'no-store').send(stream as never);
  });
}
