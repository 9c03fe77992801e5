import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import { IdParamSchema, type ListingsService, MarkSoldSchema, SoldAnswerSchema } from '../listings/index.ts';
import type { OrdersService } from './orders.service.ts';
import {
  ExportOrdersQuerySchema, ListOrdersQuerySchema, OrderIdParamSchema, OrderPageSchema, OrderSchema, PatchOrderSchema, RecordedSchema,
  RecordSaleSchema, ToShipSchema,
} from './orders.schemas.ts';

const errors = { 400: ErrorResponseSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema };

export function ordersRoutes(app: FastifyInstance, orders: OrdersService, listings: ListingsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['orders'];

  r.post('/orders', {
    schema: {
      tags, summary: 'Record a sale',
      description: 'Writes the order and marks the item sold (at `sale_price`, else its listing price; at `sold_at`, else now) in one transaction. '
        + 'The same (platform, external_id) again answers the first order with `created: false` (200); a second sale of an item whose order stands is 409 `order_exists`.',
      body: RecordSaleSchema, response: { 201: RecordedSchema, 200: RecordedSchema, ...errors },
    },
  }, async (req, reply) => {
    const out = await orders.recordSale(req.body);
    return reply.code(out.created ? 201 : 200).send(out);
  });

  r.get('/orders', {
    schema: {
      tags, summary: 'The sales ledger, newest sale first',
      description: 'Filters: status, platform, from/to (days of sale, UTC, inclusive). Cursor paging: pass `next_cursor` back as `cursor`.',
      querystring: ListOrdersQuerySchema, response: { 200: OrderPageSchema, 400: ErrorResponseSchema },
    },
  }, async (req) => orders.list(req.query));

  r.get('/orders/to-ship', {
    schema: { tags, summary: 'Sales to ship: sold, not shipped, oldest first, with SKU and storage location', response: { 200: ToShipSchema } },
  }, async () => orders.toShip());

  r.get('/orders/export.csv', {
    schema: {
      tags, summary: 'The ledger as CSV (same filters as GET /orders), oldest sale first',
      querystring: ExportOrdersQuerySchema, response: { 200: z.string().describe('text/csv'), 400: ErrorResponseSchema },
    },
    serializerCompiler: () => (data) => (typeof data === 'string' ? data : JSON.stringify(data)),
  }, async (req, reply) => {
    reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="ventes.csv"');
    return reply.send(Readable.from(orders.csv(req.query)) as never);
  });

  r.get('/orders/:id', {
    schema: { tags, summary: 'One order', params: OrderIdParamSchema, response: { 200: OrderSchema, ...errors } },
  }, async (req) => orders.get(req.params.id));

  r.patch('/orders/:id', {
    schema: {
      tags, summary: 'Change an order: its status (sold → shipped → delivered → completed, or cancelled / returned), amounts, tracking',
      description: 'A skipped step (delivered before shipped) is 409 `order_status_jump`; another impossible change 409 `invalid_order_transition`. '
        + 'Cancelled or returned puts the item back on sale (listed) and takes the sale out of the figures. '
        + '`cost` gives a sale whose item had no purchase cost its cost, and so its margin (0 is a known cost; null: unknown again).',
      params: OrderIdParamSchema, body: PatchOrderSchema, response: { 200: OrderSchema, ...errors },
    },
  }, async (req) => orders.patch(req.params.id, req.body));

  // The stock's "sold" button (it was a listings route): the same answer, plus the order it recorded.
  r.post('/listings/:id/sold', {
    schema: {
      tags: ['listings'], summary: 'Mark an item sold, at the price the seller got (records an order)',
      description: 'Stamps sold_at and the sale price: `sold_price` when sent, else the listing price (`sold_price_from` says which, so the app can ask), '
        + 'and records the sale in the ledger (`order`). A sold item stops dropping (auto_drop off), leaves the publication line (publish_opt_in off) '
        + 'and has no publication checklist (flags.missing_fields empty).',
      params: IdParamSchema, body: MarkSoldSchema, response: { 200: SoldAnswerSchema.extend({ order: OrderSchema }), ...errors },
    },
  }, async (req) => {
    const sold = await orders.sellFromListing(req.params.id, req.body.sold_price);
    return { ...sold, item: (await listings.withDropPlans([sold.item]))[0] };
  });
}
