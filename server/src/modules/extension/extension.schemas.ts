import { z } from 'zod';
import { EXTENSION_SCOPES } from './pairing.service.ts';

// Request and answer shapes of the extension's routes (settings side and extension side).

export const PairingCodeSchema = z.object({
  code: z.string().describe('Shown once: type it in the extension (case, spaces and dashes do not matter)'),
  expires_at: z.string(),
  account_id: z.string().describe('The Vinted account the extension paired with this code will act for (the active one)'),
}).meta({ id: 'ExtensionPairingCode' });

export const PairBodySchema = z.object({
  code: z.string().trim().min(4).max(20),
  name: z.string().trim().min(1).max(60).default('VintedBot extension').describe('How the settings will name this browser'),
}).strict();

export const ScopeSchema = z.enum(EXTENSION_SCOPES);

export const PairAnswerSchema = z.object({
  token: z.string().describe('The extension keeps it; the server stores its hash only'),
  token_id: z.string(),
  scopes: z.array(ScopeSchema),
  account_id: z.string().nullable().describe('The Vinted account this extension acts for (its drafts, sales and wardrobe are that account\'s)'),
});

export const PairedTokenSchema = z.object({
  id: z.string(), name: z.string(), scopes: z.array(ScopeSchema), created_at: z.string(), last_used_at: z.string().nullable(),
  account_id: z.string().nullable().describe('The Vinted account it acts for (active when it was paired)'),
}).meta({ id: 'PairedExtension' });

export const DraftCardSchema = z.object({
  id: z.string(), title: z.string(), price: z.number().nullable(), brand: z.string().nullable(), size: z.string().nullable(), cover_url: z.string().nullable(),
});

export const DraftFillSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  brand: z.string().nullable(),
  size: z.string().nullable(),
  condition: z.object({ key: z.string(), vinted_id: z.number(), fr: z.string(), en: z.string() }).nullable(),
  catalog_id: z.number().nullable().describe("Vinted's leaf id of the category, when known"),
  category: z.object({ key: z.string(), fr: z.string(), en: z.string() }).nullable(),
  colours: z.array(z.object({ id: z.number(), fr: z.string(), en: z.string() })).max(2),
  price: z.number().nullable(),
  package_size: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  photos: z.array(z.object({ id: z.string(), url: z.string() })),
}).meta({ id: 'ExtensionDraftFill' });

/** A Vinted listing's address: a Vinted site (or, for the extension's test build, a plain-HTTP one) and /items/<id>. */
const LISTING_URL = /^https?:\/\/(?:www\.)?vinted\.[a-z]{2,3}(?:\.[a-z]{2})?\/items\/\d+(?:[-/?#].*)?$/;

export const OutcomeSchema = z.discriminatedUnion('outcome', [
  z.object({
    outcome: z.literal('listed'),
    item_id: z.uuid(),
    listing_id: z.string().regex(/^\d{1,20}$/),
    url: z.string().max(500).regex(LISTING_URL, 'not a Vinted listing address'),
  }).strict(),
  z.object({
    outcome: z.literal('price_applied').describe('`price_applied`: the seller saved this price on the listing\'s edit form'),
    item_id: z.uuid(),
    listing_id: z.string().regex(/^\d{1,20}$/),
    price: z.number().min(1).max(100_000),
  }).strict(),
]);

/** The end of a safe relist in the seller's tab (extension-relist.service.ts). */
export const RelistReportSchema = z.discriminatedUnion('outcome', [
  z.object({
    outcome: z.literal('relisted').describe('The copy is live and the old listing deleted'),
    item_id: z.uuid(),
    old_listing_id: z.string().regex(/^\d{1,20}$/),
    listing_id: z.string().regex(/^\d{1,20}$/).describe("The copy's Vinted id"),
    url: z.string().max(500).regex(LISTING_URL, 'not a Vinted listing address'),
  }).strict(),
  z.object({
    outcome: z.literal('stopped').describe('The run stopped: the old listing is untouched'),
    item_id: z.uuid(),
    old_listing_id: z.string().regex(/^\d{1,20}$/),
    step: z.enum(['draft', 'publish', 'verify', 'delete']).describe('Where it stopped'),
  }).strict(),
]).meta({ id: 'ExtensionRelistReport' });

export const PriceToApplySchema = z.object({
  item_id: z.string(), title: z.string(), listing_id: z.string(), url: z.string().nullable(),
  price: z.number().describe("VintedBot's price"), vinted_price: z.number().describe('The price the listing shows'), since: z.string().describe('When the price changed here'),
});

/** One sale as the seller's "sold" orders page shows it. */
export const SaleSeenSchema = z.object({
  listing_id: z.string().regex(/^\d{1,20}$/).describe("The sold item's Vinted listing id"),
  sale_id: z.string().regex(/^\d{1,20}$/).nullable().default(null).describe("Vinted's id of the sale, when the page shows it"),
  price: z.number().min(0).max(100_000),
  sold_at: z.iso.datetime({ offset: true }),
  buyer: z.string().trim().min(1).max(100).nullable().default(null).describe("The buyer's public name"),
  shipping: z.enum(['to_ship', 'shipped', 'delivered', 'completed']).nullable().default(null).describe('The shipping step, when the page shows one'),
}).strict();

export const SalesBodySchema = z.object({ sales: z.array(SaleSeenSchema).min(1).max(100) }).strict();

export const SaleResultSchema = z.object({
  listing_id: z.string(), ok: z.boolean(), item_id: z.string().optional(), order_id: z.string().optional(), created: z.boolean().optional(),
  error: z.string().optional().describe('`listing_not_in_stock` (no stock item is linked to this listing), or the order\'s refusal code'),
});

/** One listing of the seller's own wardrobe, as the member page shows it, with its photos' bytes. */
export const WardrobeListingSchema = z.object({
  listing_id: z.string().regex(/^\d{1,20}$/),
  url: z.string().max(500).regex(LISTING_URL, 'not a Vinted listing address'),
  title: z.string().trim().min(1).max(200),
  price: z.number().min(0).max(100_000).nullable(),
  status: z.enum(['active', 'reserved', 'hidden', 'sold']).default('active'),
  photos: z.array(z.object({ mime: z.string().regex(/^image\/[a-z0-9.+-]+$/), base64: z.string().min(1).max(20_000_000) })).max(20),
}).strict();

export const WardrobeResultSchema = z.object({
  listing_id: z.string(),
  outcome: z.enum(['created', 'linked', 'already_linked', 'skipped_sold']).describe('created: a new stock item; linked: an item the duplicate check found; already_linked: an item had this listing already; skipped_sold: a sold listing (sales come back as orders)'),
  item_id: z.string().nullable(),
  photos: z.number().describe('Photos taken in for a new item'),
});
