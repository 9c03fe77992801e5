import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { notFound } from '../../platform/errors.ts';
import { ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import { IdParamSchema, type ListingsService } from '../listings/index.ts';
import { VariantRequestSchema, VariantSchema } from './ingest/ingest.schemas.ts';
import { variantOf } from './listing-variants.ts';

export function variantsRoutes(app: FastifyInstance, listings: Pick<ListingsService, 'get' | 'storedRow'>) {
  app.withTypeProvider<ZodTypeProvider>().post('/listings/:id/variants', {
    schema: {
      tags: ['listings'],
      summary: 'Rewrite an item\'s title and description in another tone or language, without saving',
      description: 'Writes from the item as saved (the seller\'s edits win) plus the details its analysis kept. Nothing changes on the item until the seller PATCHes the text they choose.',
      params: IdParamSchema,
      body: VariantRequestSchema,
      response: { 200: VariantSchema, 400: ErrorResponseSchema, 404: ErrorResponseSchema },
    },
  }, async (req) => {
    const item = await listings.get(req.params.id);
    const row = await listings.storedRow(item.id);
    if (!row) throw notFound('item_not_found', `No item with id ${req.params.id}`, { id: req.params.id });
    const v = variantOf(item, row, req.body.tone, req.body.language);
    return { item_id: item.id, tone: v.tone, language: v.language, title: v.title, description: v.description, keywords: v.keywords, hashtags: v.hashtags, flags: v.flags };
  });
}
