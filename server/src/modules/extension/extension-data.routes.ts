import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import type { ExtensionDraftsService } from './extension-drafts.service.ts';
import type { ExtensionGate } from './extension-gate.ts';
import type { ExtensionPricesService } from './extension-prices.service.ts';
import type { ExtensionSalesService } from './extension-sales.service.ts';
import type { ExtensionWardrobeService } from './extension-wardrobe.service.ts';
import { DraftCardSchema, DraftFillSchema, OutcomeSchema, PriceToApplySchema, SaleResultSchema, SalesBodySchema, ScopeSchema, WardrobeListingSchema, WardrobeResultSchema } from './extension.schemas.ts';

// The routes the paired extension calls with its token, each limited to one scope.

const E = ErrorResponseSchema;
// The extension's own token, sent as a Bearer token (the one scheme the spec declares).
const security = [{ bearer: [] }];

export function extensionDataRoutes(app: FastifyInstance, gate: ExtensionGate, drafts: ExtensionDraftsService, sales: ExtensionSalesService, wardrobe: ExtensionWardrobeService, prices: ExtensionPricesService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['extension'];
  const auth = { 401: E, 403: E };

  r.get('/extension/me', {
    schema: { tags, security, summary: 'Which paired extension this token is (checks the pairing)', response: { 200: z.object({ token_id: z.string(), name: z.string(), scopes: z.array(ScopeSchema) }), ...auth } },
    preHandler: gate.requires('drafts:read'),
  }, async (req) => (await gate.grant(req))!);

  r.get('/extension/drafts', {
    schema: {
      tags, security, summary: 'Ready drafts for the extension\'s panel (search, cover thumbnail)',
      querystring: z.object({ q: z.string().trim().min(1).max(100).optional(), limit: z.coerce.number().int().min(1).max(100).default(30) }),
      response: { 200: z.object({ drafts: z.array(DraftCardSchema) }), ...auth },
    },
    preHandler: gate.requires('drafts:read'),
  }, async (req) => ({ drafts: await drafts.ready(req.query.q, req.query.limit) }));

  r.get('/extension/drafts/:id', {
    schema: { tags, security, summary: "A draft's fields in Vinted's terms, to fill the form", params: z.object({ id: z.uuid() }), response: { 200: DraftFillSchema, ...auth, 404: E } },
    preHandler: gate.requires('drafts:read'),
  }, async (req) => drafts.fill(req.params.id));

  r.get('/extension/drafts/:id/photos/:photo', {
    schema: {
      tags, security, summary: "A draft's photo (JPEG preview, or `size=thumb` for the panel)",
      description: 'The bytes (image/jpeg or image/webp); 401/403 without the token or scope, 404 `photo_not_found` when the photo is not the draft\'s.',
      params: z.object({ id: z.uuid(), photo: z.string().min(1).max(80) }), querystring: z.object({ size: z.enum(['preview', 'thumb']).default('preview') }),
    },
    preHandler: gate.requires('photos:read'),
  }, async (req, reply) => {
    const f = await drafts.photo(req.params.id, req.params.photo, req.query.size === 'thumb');
    return reply.type(f.mime).header('cache-control', 'private, max-age=3600').send(f.stream());
  });

  r.post('/extension/outcomes', {
    schema: {
      tags, security, summary: 'What happened in the seller\'s tab (a draft published: its Vinted id and link)',
      description: '`listed`: the seller published the form the extension filled; the draft becomes listed with `vinted.listing_id` / `vinted.url`. '
        + '`price_applied`: the seller saved the new price on the listing; the item\'s price history records "applied on Vinted" '
        + '(409 `extension_listing_mismatch` / `extension_price_stale` when the listing or the price is not the item\'s).',
      body: OutcomeSchema, response: { 200: z.object({ ok: z.literal(true), item_id: z.string(), status: z.string() }), ...auth, 404: E, 409: E },
    },
    preHandler: gate.requires('outcomes:write'),
  }, async (req) => {
    const b = req.body;
    const item = b.outcome === 'listed' ? await drafts.listed(b.item_id, { listing_id: b.listing_id, url: b.url }) : await prices.applied(b.item_id, b.listing_id, b.price);
    return { ok: true as const, item_id: item.id, status: item.status };
  });

  r.post('/extension/sales', {
    schema: {
      tags, security, summary: "Sales read on the seller's own sold-orders page",
      description: 'Each sale becomes an order on the stock item linked to its Vinted listing (the item becomes sold); one result per sale. '
        + 'Idempotent: a sale already recorded answers its order with `created: false`.',
      body: SalesBodySchema, response: { 200: z.object({ results: z.array(SaleResultSchema) }), ...auth },
    },
    preHandler: gate.requires('sales:write'),
  }, async (req) => ({ results: await sales.report(req.body.sales) }));

  r.post('/extension/wardrobe/listings', {
    // Its answers say what remains of these quotas (accounts mode, modules/quotas).
    config: { quota: ['listings'] },
    // One listing with its photos (base64): up to 20 photos of a few MB each.
    bodyLimit: 64 * 1024 * 1024,
    schema: {
      tags, security, summary: "One listing of the seller's own wardrobe: creates or links its stock item",
      description: 'Matched by Vinted id, then by the duplicate check (same photo, or same title, on an item not linked to another listing); '
        + 'a new item gets the photos, taken in like uploads. Never creates a second item for one listing.',
      body: WardrobeListingSchema, response: { 200: WardrobeResultSchema, ...auth, 413: E, 415: E, 422: E },
    },
    preHandler: gate.requires('wardrobe:write'),
  }, async (req) => wardrobe.importListing(req.body));

  r.get('/extension/prices', {
    schema: {
      tags, security, summary: 'Prices to put on Vinted: listings whose price here differs from the one Vinted shows',
      querystring: z.object({ listing_id: z.string().regex(/^\d{1,20}$/).optional() }),
      response: { 200: z.object({ prices: z.array(PriceToApplySchema) }), ...auth },
    },
    preHandler: gate.requires('prices:read'),
  }, async (req) => ({ prices: await prices.pending(req.query.listing_id) }));
}
