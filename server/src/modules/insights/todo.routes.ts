import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import type { TodoService } from './todo.service.ts';

const LineSchema = z.object({
  item_id: z.string(),
  title: z.string(),
  status: z.string(),
  price: z.number().nullable(),
  thumb_url: z.string().nullable(),
  code: z.enum(['draft_incomplete', 'no_price', 'no_floor', 'possible_duplicate', 'listed_too_long', 'sold_recently'])
    .describe('What is to do, for the app to word: draft_incomplete {missing_fields} · no_price · no_floor {price} · possible_duplicate {of: [{item_id, title, reason, score}]} · listed_too_long {days, threshold} · sold_recently {sold_at, days_ago, sold_price}'),
  params: z.record(z.string(), z.unknown()),
  actions: z.array(z.enum(['edit', 'set_price', 'set_floor', 'not_a_duplicate', 'merge', 'archive', 'republish', 'reprice', 'open']))
    .describe('not_a_duplicate: POST /duplicates/{id}/dismiss · merge: POST /duplicates/{id}/merge {into} · archive: PATCH /listings/{id} {status: archived} · the others open the item'),
}).meta({ id: 'TodoLine' });

const ListSchema = z.object({ count: z.number().int().describe('All the items of this list (the lines are the first `limit`)'), lines: z.array(LineSchema) });

export const StockTodoSchema = z.object({
  incomplete_drafts: ListSchema.describe('Drafts with fields missing (their checklist), newest first'),
  missing_price_or_floor: ListSchema.describe('Items on sale without a price, or without a floor of their own (they do not drop)'),
  duplicates: ListSchema.describe('Possible duplicates, with the items they look like'),
  stale_listings: ListSchema.describe('On sale for longer than listed_days (/settings/recommendations)'),
  to_ship: ListSchema.describe('Sold in the last sold_days days (the stock has no "shipped" state yet)'),
  total: z.number().int(),
  sold_days: z.number().int(),
  listed_days: z.number().int(),
}).meta({ id: 'StockTodo' });

export function todoRoutes(app: FastifyInstance, todo: TodoService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/todo', {
    schema: {
      tags: ['insights'], summary: 'The dashboard\'s to-do: what waits in the stock, list by list',
      description: 'Drafts with fields missing, items on sale without a price or a floor, possible duplicates (with their actions), stale listings and recent sales to ship. '
        + 'Each line has a stable `code` with `params` (no sentence: the app words it in the seller\'s language) and the `actions` that settle it.',
      querystring: z.object({
        limit: z.coerce.number().int().min(1).max(100).default(10).describe('Lines per list'),
        sold_days: z.coerce.number().int().min(1).max(90).default(14).describe('A sale of the last this many days is "to ship"'),
      }),
      response: { 200: StockTodoSchema, 400: ErrorResponseSchema },
    },
  }, async (req) => todo.todo({ limit: req.query.limit, soldDays: req.query.sold_days }));
}
