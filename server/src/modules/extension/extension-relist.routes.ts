import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import type { ExtensionGate } from './extension-gate.ts';
import type { ExtensionRelistService } from './extension-relist.service.ts';
import { DraftFillSchema, RelistReportSchema } from './extension.schemas.ts';

// The safe relist's routes (the paired extension's token, one scope each): the stock item behind a live listing,
// its photos for the copy, and the end of the run (done, or where it stopped).

const E = ErrorResponseSchema;
const security = [{ bearer: [] }];

export function extensionRelistRoutes(app: FastifyInstance, gate: ExtensionGate, relist: ExtensionRelistService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['extension'];
  const auth = { 401: E, 403: E };

  r.get('/extension/relists/source', {
    schema: {
      tags, security, summary: 'The stock item behind a live listing, in Vinted\'s terms, to fill the relist\'s copy',
      description: '404 `listing_not_in_stock` when no listed stock item is linked to this listing.',
      querystring: z.object({ listing_id: z.string().regex(/^\d{1,20}$/) }),
      response: { 200: DraftFillSchema.extend({ listing_id: z.string() }), ...auth, 404: E },
    },
    preHandler: gate.requires('drafts:read'),
  }, async (req) => relist.source(req.query.listing_id));

  r.get('/extension/relists/:id/photos/:photo', {
    schema: {
      tags, security, summary: "A listed item's photo (JPEG preview), for the relist's copy",
      description: 'The bytes; 404 `photo_not_found` when the photo is not the item\'s or the item is not on Vinted.',
      params: z.object({ id: z.uuid(), photo: z.string().min(1).max(80) }),
    },
    preHandler: gate.requires('photos:read'),
  }, async (req, reply) => {
    const f = await relist.photo(req.params.id, req.params.photo);
    return reply.type(f.mime).header('cache-control', 'private, max-age=3600').send(f.stream());
  });

  r.post('/extension/relists', {
    schema: {
      tags, security, summary: 'The end of a relist in the seller\'s tab: done, or where it stopped',
      description: '`relisted`: the copy is live and the old listing deleted; the item points at the new listing (history: the link '
        + 'changed, by the extension; price history: "relisted on Vinted"). `stopped`: the run stopped at `step`; nothing changes on the item. '
        + '409 `extension_listing_mismatch` when the item is not on `old_listing_id`, `extension_relist_same_listing` when the new id is the old one, '
        + '`extension_listing_url_mismatch` when the address is not the new listing\'s.',
      body: RelistReportSchema,
      response: { 200: z.object({ ok: z.literal(true), item_id: z.string(), listing_id: z.string().nullable() }), ...auth, 404: E, 409: E },
    },
    preHandler: gate.requires('outcomes:write'),
  }, async (req) => {
    const b = req.body;
    if (b.outcome === 'stopped') {
      const item = await relist.stopped(b.item_id, b.old_listing_id);
      // The only record of a stop: the log (the item and its listing stay as they were).
      req.log.info({ item_id: item.id, listing_id: b.old_listing_id, step: b.step }, 'extension relist stopped');
      return { ok: true as const, item_id: item.id, listing_id: item.vinted.listing_id };
    }
    const item = await relist.relisted(b.item_id, b.old_listing_id, { listing_id: b.listing_id, url: b.url });
    return { ok: true as const, item_id: item.id, listing_id: item.vinted.listing_id };
  });
}
