import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import type { ListingsService } from './listings.service.ts';
import {
  CreateItemSchema, IdParamSchema, ItemPageSchema, ItemSchema, ListQuerySchema, PatchItemSchema, ReplaceItemSchema, StatusListQuerySchema, StatusSchema,
} from './listings.schemas.ts';

const errors = { 400: ErrorResponseSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema };

export function listingsRoutes(app: FastifyInstance, listings: ListingsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['listings'];

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
      for await (const batch of listings.streamAll(500, req.query.status)) {
        let chunk = '';
        for (const item of batch) {
          chunk += (first ? '' : ',') + JSON.stringify(item);
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
      description: 'Cursor paging: pass `next_cursor` back as `cursor` for the next page. `q` searches title, brand and description.',
      querystring: ListQuerySchema,
      response: { 200: ItemPageSchema, 400: ErrorResponseSchema },
    },
  }, async (req) => listings.list(req.query));

  r.get('/listings/status/:status', {
    schema: {
      tags, summary: 'A page of the items in one status',
      params: z.object({ status: StatusSchema }),
      querystring: StatusListQuerySchema,
      response: { 200: ItemPageSchema, 400: ErrorResponseSchema },
    },
  }, async (req) => listings.list({ ...req.query, status: req.params.status }));

  r.get('/listings/:id', {
    schema: { tags, summary: 'One item', params: IdParamSchema, response: { 200: ItemSchema, ...errors } },
  }, async (req) => listings.get(req.params.id));

  r.post('/listings', {
    schema: { tags, summary: 'Create an item by hand', body: CreateItemSchema, response: { 201: ItemSchema, ...errors } },
  }, async (req, reply) => reply.code(201).send(await listings.create(req.body)));

  r.patch('/listings/:id', {
    schema: {
      tags, summary: 'Change some fields of an item',
      description: 'Status changes stamp listed_at / sold_at / archived_at; an impossible transition answers 409. A price change is added to price_history.',
      params: IdParamSchema, body: PatchItemSchema, response: { 200: ItemSchema, ...errors },
    },
  }, async (req) => listings.patch(req.params.id, req.body));

  r.put('/listings/:id', {
    schema: {
      tags, summary: 'Replace an item (its id cannot change)',
      params: IdParamSchema, body: ReplaceItemSchema, response: { 200: ItemSchema, ...errors },
    },
  }, async (req) => listings.replace(req.params.id, req.body));

  r.delete('/listings/:id', {
    schema: { tags, summary: 'Delete an item', params: IdParamSchema, response: { 204: z.null(), ...errors } },
  }, async (req, reply) => {
    await listings.delete(req.params.id);
    return reply.code(204).send(null);
  });
}
