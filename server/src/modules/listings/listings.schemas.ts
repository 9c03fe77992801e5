import { z } from 'zod';
import { CONDITIONS, findColour, GENDERS, MAX_COLOURS_PER_ITEM, parseCondition, parseGender } from '@vintedbot/catalog';
import { cleanLine, cleanText } from '../../platform/text.ts';
import { STATUSES } from './status-rules.ts';
import { DropPlanSchema } from './drop-plans.ts';
import { resellerFields } from './reseller-fields.ts';

// Request and response shapes of the stock API. Prices are euros with at most two decimals.
/** Seller text: control characters removed first (the text rule, platform/text.ts), then the field's own checks. */
export const sellerText = () => z.string().overwrite(cleanText);
/** One-line seller text (a title, a brand, a search): the same, newlines and tabs turned into spaces. */
export const sellerLine = () => z.string().overwrite(cleanLine);

const euros = z.number().min(1, 'must be at least 1.00 €').max(1_000_000).multipleOf(0.01, 'at most two decimals');

export const ConditionSchema = z.enum(CONDITIONS).describe('Vinted condition');
export const StatusSchema = z.enum(STATUSES);
export const GenderSchema = z.enum(GENDERS).describe("Who the garment is for; it picks the Vinted leaf (women's or men's) and a word of the title");

/** A seller's word for an entry of our vocabulary (a colour, a category, a gender), checked and turned into its key. */
export function vocabularyWord<T>(kind: string, parse: (word: string) => T | null, help: string, max = 60) {
  return sellerLine().trim().min(1).max(max).transform((v, ctx) => {
    const key = parse(v);
    if (key === null) {
      // A stable code and the word itself, for the app to say it in the seller's language (unknown_colour {value}).
      ctx.addIssue({ code: 'custom', message: `unknown ${kind} "${v}" (${help})`, params: { code: `unknown_${kind}`, value: v.slice(0, 60) } });
      return z.NEVER;
    }
    return key as NonNullable<T>;
  });
}
export const ColourWordSchema = vocabularyWord('colour', (v) => findColour(v)?.key ?? null, 'use a Vinted colour name');
/**
 * A condition as sellers write it, one vocabulary with ingest, imports and plans (@vintedbot/catalog's parseCondition):
 * our key (`very_good`), Vinted's French label ("Très bon état"), a short word ("bon", "neuf avec étiquette"), English
 * ("good", "new with tags") or Vinted's status id; stored as the key.
 */
export const ConditionWordSchema = vocabularyWord('condition', parseCondition,
  `${CONDITIONS.join(', ')}; or neuf avec étiquette, neuf sans étiquette, très bon état, bon état, satisfaisant`, 40);
/** In hints and plans: "Homme", "femme", "enfant", or the key itself. */
export const GenderWordSchema = vocabularyWord('gender', parseGender, 'women, men or kids; femme, homme or enfant', 20);
const colour = ColourWordSchema;

export const PriceSuggestionSchema = z
  .object({
    min: euros,
    target: euros,
    max: euros,
    justification: sellerText().max(2000).default(''),
  })
  .refine((s) => s.min <= s.target && s.target <= s.max, { message: 'min ≤ target ≤ max is required', path: ['target'], params: { code: 'suggestion_out_of_order' } })
  .meta({ example: { min: 35, target: 45, max: 55, justification: 'Pull (base 15 €) × Ralph Lauren premium ×2.2 × très bon état ×0.9' } });

export const DuplicateRefSchema = z.object({
  item_id: z.string(),
  reason: z.enum(['image', 'title']),
  score: z.number(),
  check: z.enum(['hash', 'lookalike']).optional().describe('For a photo match, which check found it: the perceptual hash, or the garment embedding (a re-cropped, re-framed or re-lit copy)'),
});

const tags = (max: number) => z.array(sellerLine().trim().min(1).max(60)).max(max);
/** A link stored on an item and shown or exported as a link: http(s) only (no javascript:, data:, file: …). */
export const HttpUrlSchema = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(500);

// Fields a client may send. Optional everywhere: the service fills defaults on create and replace.
const editableFields = {
  description: sellerText().max(2000),
  brand: sellerLine().trim().max(100).nullable(),
  category: sellerLine().trim().max(60).nullable(),
  size: sellerLine().trim().max(30).nullable(),
  condition: ConditionWordSchema.nullable(),
  colors: z.array(colour).max(MAX_COLOURS_PER_ITEM),
  material: sellerLine().trim().max(200).nullable(),
  gender: GenderSchema.nullable(),
  keywords: tags(30),
  hashtags: tags(10),
  price: euros.nullable(),
  price_suggestion: PriceSuggestionSchema.nullable(),
  status: StatusSchema,
  sold_price: euros.nullable(),
  estimated_sale_score: z.number().int().min(0).max(100).nullable(),
  photos: z.array(z.string().uuid()).max(20).describe('Photo ids, in display order'),
  vinted: z.object({ listing_id: sellerLine().max(40).nullable(), url: HttpUrlSchema.nullable() }).nullable(),
  auto_drop: z.boolean().nullable().describe('Automatic price drop for this item: true (on, even when drops are off by default), false (never), null (follow the default of /settings/pricing; what an item gets when this is not sent)'),
  drop_rate: z.number().gt(0).max(0.5).nullable().describe('Per-item daily drop rate override (0.05 = 5 %)'),
  floor: euros.nullable().describe('Per-item floor price; defaults to price_suggestion.min'),
  publish_opt_in: z.boolean(),
  ...resellerFields,
};
const title = sellerLine().trim().min(1).max(100).describe('Vinted allows 5–100 characters; our quality gate wants ≤ 70');
const optionalEditable = Object.fromEntries(Object.entries(editableFields).map(([k, v]) => [k, v.optional()])) as {
  [K in keyof typeof editableFields]: z.ZodOptional<(typeof editableFields)[K]>;
};

export const CreateItemSchema = z
  .object({ id: z.string().uuid().optional().describe('Client-supplied id (optional); a second create with it answers 409'), title, ...optionalEditable })
  .strict()
  .meta({
    example: {
      title: 'Pull col rond Ralph Lauren M – Très bon état',
      description: 'Pull col rond Ralph Lauren, laine mérinos.\nTaille M, très bon état.',
      brand: 'Ralph Lauren', category: 'jumper', size: 'M', condition: 'very_good', colors: ['navy'], price: 45,
      hashtags: ['ralphlauren', 'pull', 'laine'],
    },
  });

export const ReplaceItemSchema = CreateItemSchema;

export const PatchItemSchema = z
  .object({ title: title.optional(), ...optionalEditable })
  .strict()
  .refine((o) => Object.keys(o).length > 0, { message: 'the body changes nothing', params: { code: 'nothing_to_change' } })
  .meta({ example: { price: 39.9, status: 'listed' } });

export const PhotoRefSchema = z.object({ id: z.string(), url: z.string(), thumb_url: z.string() });
export const PriceHistoryEntrySchema = z.object({
  at: z.string(),
  old_price: z.number().nullable(),
  new_price: z.number(),
  reason: z.string(),
  rule: z.string().nullable().optional(),
});

export const ItemSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    brand: z.string().nullable(),
    category: z.string().nullable(),
    size: z.string().nullable(),
    condition: ConditionSchema.nullable(),
    colors: z.array(z.string()),
    material: z.string().nullable(),
    gender: GenderSchema.nullable(),
    keywords: z.array(z.string()),
    hashtags: z.array(z.string()),
    price: z.number().nullable(),
    price_suggestion: z.object({ min: z.number(), target: z.number(), max: z.number(), justification: z.string() }).nullable(),
    price_target: z.number().nullable().describe("The suggestion's target (the seeds' field), else the price; null without either"),
    price_history: z.array(PriceHistoryEntrySchema),
    status: StatusSchema,
    listed_at: z.string().nullable(),
    sold_at: z.string().nullable(),
    sold_price: z.number().nullable(),
    archived_at: z.string().nullable(),
    possible_duplicate: z.boolean(),
    duplicate_of: z.array(DuplicateRefSchema),
    estimated_sale_score: z.number().nullable(),
    flags: z.object({
      publish_ready: z.boolean(),
      missing_fields: z.array(z.string()).describe('What keeps the item off Vinted'),
      warnings: z.array(z.string()).describe('Advice that does not block (few_photos: under 3 photos sell less well)'),
    }),
    photos: z.array(PhotoRefSchema),
    vinted: z.object({
      listing_id: z.string().nullable(),
      url: z.string().nullable(),
      price: z.number().nullable().describe('The price the Vinted listing shows, as last published or updated by the app; null when unknown'),
      price_pending: z.boolean().describe('The price changed here and Vinted still shows the old one: the publish queue updates it'),
    }),
    auto_drop: z.boolean().describe('false: the seller switched automatic drops off for this item'),
    auto_drop_chosen: z.boolean().describe('The seller set auto_drop on this item; false: it follows drop_by_default of /settings/pricing'),
    auto_drop_plan: DropPlanSchema.optional().describe('What the automatic drop will do with this item and down to which floor (on the stock routes)'),
    drop_rate: z.number().nullable(),
    floor: z.number().nullable(),
    publish_opt_in: z.boolean(),
    purchase_cost: z.number().nullable().describe('What the seller paid (euros)'),
    acquired_at: z.string().nullable().describe('The day the seller got it (YYYY-MM-DD)'),
    source: z.string().nullable(),
    sku: z.string().nullable(),
    storage_location: z.string().nullable(),
    demo: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Item' });

/** POST /listings/{id}/sold: the price the item sold at. */
export const MarkSoldSchema = z
  .object({ sold_price: euros.nullable().optional().describe('What the buyer paid (euros); without it (`{}`) the listing price is taken, and the answer says so') })
  .strict()
  .meta({ example: { sold_price: 22 } });

export const SoldAnswerSchema = z.object({
  item: ItemSchema,
  sold_price_from: z.enum(['given', 'listing_price', 'none']).describe('given: the sold_price sent · listing_price: none was sent, the listing price was taken (ask the seller to confirm it) · none: neither'),
}).meta({ id: 'SoldAnswer' });

export const SORT_KEYS = ['created_at', 'updated_at', 'price', 'title'] as const;
/** Largest page read at once; a larger `limit` is answered as a stream of such pages (simple clients ask for everything). */
export const PAGE_MAX = 200;
export const LIST_LIMIT_MAX = 1_000_000;

export const ListQueryBaseSchema = z.object({
  status: StatusSchema.optional(),
  q: sellerLine().trim().min(1).max(100).optional().describe('Searched in title, brand, description, SKU and storage location'),
  location: sellerLine().trim().min(1).max(60).optional().describe('Items stored at this location (case-insensitive, whole value)'),
  brand: sellerLine().trim().min(1).max(100).optional(),
  category: sellerLine().trim().min(1).max(60).optional(),
  gender: GenderSchema.optional(),
  size: sellerLine().trim().min(1).max(30).optional(),
  min_price: z.coerce.number().min(0).optional(),
  max_price: z.coerce.number().min(0).optional(),
  sort: z
    .string()
    .regex(new RegExp(`^-?(${SORT_KEYS.join('|')})$`), `one of ${SORT_KEYS.join(', ')}, with "-" for descending`)
    .default('-created_at'),
  limit: z.coerce.number().int().min(1).max(LIST_LIMIT_MAX).default(50)
    .describe(`A page of up to ${PAGE_MAX} items with next_cursor; a larger limit (up to the whole stock) streams the items in one answer`),
  cursor: z.string().max(500).optional(),
  include_total: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
});
const priceRangeOk = (q: { min_price?: number; max_price?: number }) => q.min_price === undefined || q.max_price === undefined || q.min_price <= q.max_price;
export const ListQuerySchema = ListQueryBaseSchema.refine(priceRangeOk, {
  message: 'min_price must not exceed max_price', path: ['min_price'], params: { code: 'min_above_max' },
});
export const StatusListQuerySchema = ListQueryBaseSchema.omit({ status: true }).refine(priceRangeOk, {
  message: 'min_price must not exceed max_price', path: ['min_price'], params: { code: 'min_above_max' },
});

export const ItemPageSchema = z.object({
  items: z.array(ItemSchema),
  next_cursor: z.string().nullable(),
  total: z.number().optional().describe('With include_total: the matching items, counted up to 10,000 (1,000 with q=)'),
  total_exact: z.boolean().optional().describe('With include_total: false when more items match than were counted (total is then a lower bound)'),
});

export const IdParamSchema = z.object({ id: z.string().uuid('not a valid item id') });

export type CreateItemInput = z.infer<typeof CreateItemSchema>;
export type PatchItemInput = z.infer<typeof PatchItemSchema>;
export type Item = z.infer<typeof ItemSchema>;
export type ListQuery = z.infer<typeof ListQuerySchema>;
