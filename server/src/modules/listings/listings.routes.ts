import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import type { ListingsService } from './listings.service.ts';
import {
  CreateItemSchema, IdParamSchema, type Item, ItemPageSchema, ItemSchema, type ListQuery, ListQuerySchema, PAGE_MAX, PatchItemSchema, ReplaceItemSchema,
  StatusListQuerySchema, StatusSchema,
} from './listings.schemas.ts';

const errors = { 400: ErrorResponseSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema };

export interface ListingsRouteOptions {
  /** PUBLIC_URL: photo links in answers become absolute on it (a client on another machine can show them). */
  publicUrl?: string;
}

export function listingsRoutes(app: FastifyInstance, listings: ListingsService, opts: ListingsRouteOptions = {}) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['listings'];
  const publicBase = opts.publicUrl?.replace(/\/+$/, '') ?? '';
  /**
   * The item as answered: absolute photo links when PUBLIC_URL is set, for clients elsewhere (a front end on another
   * origin, a script); the app's own pages (same origin, as the browser says) keep links relative to where they are.
   */
  const shown = (item: Item, req: FastifyRequest): Item => {
    const base = publicBase && req.headers['sec-fetch-site'] !== 'same-origin' ? publicBase : '';
    return base ? { ...item, photos: item.photos.map((p) => ({ id: p.id, url: base + p.url, thumb_url: base + p.thumb_url })) } : item;
  };
  // Each item answered here says what the automatic drop will do with it (auto_drop_plan, decided by pricing).
  const planned = async (item: Item) => (await listings.withDropPlans([item]))[0];
  const page = async (req: FastifyRequest, p: { items: Item[]; next_cursor: string | null; total?: number; total_exact?: boolean }) => ({ ...p, items: (await listings.withDropPlans(p.items)).map((i) => shown(i, req)) });

  /** A limit above one page: the pages are read one after the other and streamed as one answer of the same shape. */
  const streamedPage = (req: FastifyRequest, q: ListQuery) => {
    async function* body() {
      let cursor = q.cursor;
      let left = q.limit;
      let next: string | null = null;
      let first = true;
      yield '{"items":[';
      while (left > 0) {
        const p = await listings.list({ ...q, limit: Math.min(PAGE_MAX, left), cursor, include_total: false });
        let chunk = '';
        for (const item of p.items) {
          chunk += (first ? '' : ',') + JSON.stringify(shown(item, req));
          first = false;
        }
        if (chunk) yield chunk;
        left -= p.items.length;
        next = p.next_cursor;
        if (!next || p.items.length === 0) break;
        cursor = next;
      }
      const counted = q.include_total ? await listings.list({ ...q, limit: 1, cursor: undefined, include_total: true }) : undefined;
      const total = counted?.total !== undefined ? `,"total":${counted.total},"total_exact":${counted.total_exact !== false}` : '';
      yield `],"next_cursor":${JSON.stringify(left > 0 ? null : next)}${total}}`;
    }
    return Readable.from(body());
  };

  r.get('/listings/all', {
    schema: {
      tags, summary: 'The whole stock as one JSON array, streamed',
      description: 'Streams every item (oldest first) without building the whole answer in memory. Optional `status` filter.',
      querystring: z.object({ status: StatusSchema.optional() }),
      response: { 200: z.array(ItemSchema) },
    },
    // Streamed by hand: the serializer would need the whole array in memory first.
    serializerCompiler: () => (data) => JSON.stringify(data),
  }, async (req, reply) => {
    async function* body() {
      yield '[';
      let first = true;
      for await (const batch of listings.streamAll(undefined, req.query.status)) {
        let chunk = '';
        for (const item of batch) {
          chunk += (first ? '' : ',') + JSON.stringify(shown(item, req));
          first = false;
        }
        yield chunk;
      }
      yield ']';
    }
    reply.type('application/json; charset=utf-8');
    // The declared schema documents the array; the body is that array, produced as a stream.
    return reply.send(Readable.from(body()) as unknown as never);
  });

  r.get('/listings', {
    schema: {
      tags, summary: 'A page of the stock, filtered and sorted',
      description: `Cursor paging: pass \`next_cursor\` back as \`cursor\` for the next page. \`q\` searches title, brand and description. `
        + `A \`limit\` above ${PAGE_MAX} (up to the whole stock) answers the same shape, streamed, for clients that want everything at once. `
        + 'Photo links are absolute when PUBLIC_URL is set.',
      querystring: ListQuerySchema,
      response: { 200: ItemPageSchema, 400: ErrorResponseSchema },
    },
  }, async (req, reply) => {
    if (req.query.limit <= PAGE_MAX) return page(req, await listings.list(req.query));
    reply.type('application/json; charset=utf-8');
    return reply.send(streamedPage(req, req.query) as never);
  });

  r.get('/listings/status/:status', {
    schema: {
      tags, summary: 'A page of the items in one status',
      params: z.object({ status: StatusSchema }),
      querystring: StatusListQuerySchema,
      response: { 200: ItemPageSchema, 400: ErrorResponseSchema },
    },
  }, async (req, reply) => {
    const q = { ...req.query, status: req.params.status };
    if (q.limit <= PAGE_MAX) return page(req, await listings.list(q));
    reply.type('application/json; charset=utf-8');
    return reply.send(streamedPage(req, q) as never);
  });

  r.get('/listings/:id', {
    schema: { tags, summary: 'One item', params: IdParamSchema, response: { 200: ItemSchema, ...errors } },
  }, async (req) => shown(await planned(await listings.get(req.params.id)), req));

  r.post('/listings', {
    // Its answers say what remains of these quotas (accounts mode, modules/quotas).
    config: { quota: ['listings'] },
    schema: { tags, summary: 'Create an item by hand', body: CreateItemSchema, response: { 201: ItemSchema, ...errors } },
  }, async (req, reply) => reply.code(201).send(shown(await planned(await listings.create(req.body)), req)));

  r.patch('/listings/:id', {
    schema: {
      tags, summary: 'Change some fields of an item',
      description: 'Status changes stamp listed_at / sold_at / archived_at; an impossible transition answers 409. A price change is added to price_history.',
      params: IdParamSchema, body: PatchItemSchema, response: { 200: ItemSchema, ...errors },
    },
  }, async (req) => shown(await planned(await listings.patch(req.params.id, req.body)), req));

  // POST /listings/{id}/sold lives in the orders module: a sale records an order with it (modules/orders).

  r.put('/listings/:id', {
    schema: {
      tags, summary: 'Replace an item (its id cannot change)',
      params: IdParamSchema, body: ReplaceItemSchema, response: { 200: ItemSchema, ...errors },
    },
  }, async (req) => shown(await planned(await listings.replace(req.params.id, req.body)), req));

  r.delete('/listings/:id', {
    schema: { tags, summary: 'Delete an item', params: IdParamSchema, response: { 204: z.null(), ...errors } },
  }, async (req, reply) => {
    await listings.delete(req.params.id);
    return reply.code(204).send(null);
  });
}
