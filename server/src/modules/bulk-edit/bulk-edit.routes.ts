import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import { BulkEditAnswerSchema, BulkEditSchema, BulkUndoSchema } from './bulk-edit.schemas.ts';
import type { BulkEditService } from './bulk-edit.service.ts';

export function bulkEditRoutes(app: FastifyInstance, bulkEdit: BulkEditService) {
  app.withTypeProvider<ZodTypeProvider>().post('/listings/bulk-edit', {
    schema: {
      tags: ['listings'], summary: 'One change on many items (price ±% or ±€ or to the suggestion, status, condition, template, storage location, floor), with a dry run',
      description: 'Up to 500 items by `ids` or by the stock\'s `filter`. One result per item (`ok`, `changes` before → after, or its `error`: `price_below_floor`, `no_price_suggestion`, `invalid_status_transition`…); each change is one history entry. `dry_run: true` previews without saving.',
      body: BulkEditSchema, response: { 200: BulkEditAnswerSchema, 400: ErrorResponseSchema, 404: ErrorResponseSchema },
    },
  }, async (req) => bulkEdit.run(req.body));

  app.withTypeProvider<ZodTypeProvider>().post('/listings/bulk-edit/undo', {
    schema: {
      tags: ['listings'], summary: 'Put back what a bulk edit changed',
      description: 'Send the `results` of a bulk edit (id and `changes`). Each field goes back to its `from` value only if it still holds the `to` value; an item changed since keeps its later value and answers `changed_since` (409). One result per item, one history entry each.',
      body: BulkUndoSchema, response: { 200: BulkEditAnswerSchema, 400: ErrorResponseSchema },
    },
  }, async (req) => bulkEdit.undo(req.body));
}
