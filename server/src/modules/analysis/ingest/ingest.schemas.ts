import { z } from 'zod';
import { ColourWordSchema, ConditionSchema, DuplicateRefSchema, GenderSchema, GenderWordSchema, PhotoRefSchema, sellerLine, sellerText, vocabularyWord } from '../../listings/index.ts';
import { DefectSchema, DEFECTS_MAX } from '../defects.ts';
import { CATEGORIES, CONDITIONS, LANGUAGES, MAX_COLOURS_PER_ITEM, parseCondition, resolveCategory, TONES } from '@vintedbot/catalog';

// Request and answer shapes of POST /ingest/photos, POST /ingest/save-draft and POST /listings/{id}/variants.
// Prices are euros with at most two decimals, like the rest of the API.

const euros = z.coerce.number().min(1, 'must be at least 1.00 €').max(1_000_000).multipleOf(0.01, 'at most two decimals');
const text = (max: number) => sellerLine().trim().min(1).max(max);

const category = vocabularyWord('category', (v) => resolveCategory(v)?.key ?? null, `one of: ${CATEGORIES.map((x) => x.key).join(', ')}, or their French or English names`);
const gender = GenderWordSchema;

const condition = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const c = parseCondition(v);
  if (!c) {
    ctx.addIssue({ code: 'custom', message: `unknown condition "${v}" (one of: ${CONDITIONS.join(', ')}, a French label or a Vinted status id)`, params: { code: 'unknown_condition', value: String(v).slice(0, 60) } });
    return z.NEVER;
  }
  return c;
});

const colour = ColourWordSchema;

export const ToneSchema = z.enum(TONES).describe('pro (neutral), amical (first person, warm) or fluide (one flowing sentence, like "Veste en coton Ralph Lauren, coupe droite, excellent état.")');
export const LanguageSchema = z.enum(LANGUAGES);

/** What the seller may tell about the garment; everything optional. */
export const HintsSchema = z.object({
  brand: text(100).optional(),
  size: text(30).optional(),
  category: category.optional().describe('Our category key (jumper, jeans, …) or a French or English garment word'),
  condition: condition.optional().describe(`One of ${CONDITIONS.join(', ')}, a French label ("Très bon état") or a Vinted status id`),
  gender: gender.optional().describe('women, men or kids (femme, homme, enfant): picks the Vinted leaf and a word of the title. Without it, a word in the notes, the file names or the label decides'),
  price: euros.optional().describe('The seller\'s own price; the suggested target is used when absent'),
  tone: ToneSchema.optional(),
  language: LanguageSchema.optional(),
  notes: sellerText().trim().max(1000).optional().describe('Free text: measurements ("longueur 65 cm"), defects, "vintage"…'),
  defects: z.array(DefectSchema).max(DEFECTS_MAX).optional().describe('Defects the seller ticks (offline, or on top of what the model reads): each lowers the condition and the price and is written in the description'),
});
export type Hints = z.infer<typeof HintsSchema>;

const save = z.union([z.boolean(), z.enum(['true', 'false', '1', '0'])]).transform((v) => v === true || v === 'true' || v === '1');

export const IngestUrlsSchema = HintsSchema.extend({
  urls: z.array(z.string().trim().url().max(2000)).min(1, 'at least one photo URL').max(20, 'at most 20 photos per garment'),
  hints: HintsSchema.optional().describe('The same hints grouped; top-level fields win'),
  save: save.default(true).describe('false: preview only (nothing saved but the photos); save it later with POST /ingest/save-draft'),
})
  .strict()
  .meta({ example: { urls: ['https://example.com/pull-1.jpg', 'https://example.com/pull-2.jpg', 'https://example.com/pull-3.jpg'], brand: 'Ralph Lauren', size: 'M', condition: 'very_good', tone: 'pro', language: 'fr' } });

/** Multipart text fields: the same hints as strings, `save`, and optionally `hints` as a JSON string. */
export const MultipartFieldsSchema = HintsSchema.extend({ save: save.default(true) }).strict();

export const SaleScoreFactorSchema = z.object({
  factor: z.enum(['brand', 'price', 'condition', 'season', 'photo_quality', 'photo_count']),
  points: z.number(),
  max: z.number(),
  detail: z.string(),
});

export const AnalysisInfoSchema = z.object({
  provider: z.enum(['offline', 'openai', 'anthropic', 'openai-compatible', 'ollama']),
  model: z.string().nullable(),
  fallback_reason: z.string().nullable().describe('Why the configured LLM was not used; null when it answered or when offline is configured'),
  ms: z.number().describe('Time spent reading the photos (provider call, fallback included)'),
  usage: z.object({
    input_tokens: z.number().nullable(),
    output_tokens: z.number().nullable(),
    total_tokens: z.number().nullable(),
    cost_usd: z.number().nullable(),
    requests: z.number(),
  }).nullable().describe('LLM tokens for this article, failed attempts included; null offline'),
  sources: z.record(z.string(), z.string()).describe('Where each field came from: label, file name, classifier, pixels, model'),
  category_candidates: z.array(z.object({ category: z.string(), score: z.number() })).default([])
    .describe("The offline classifier's three likeliest categories with their mean scores, best first, also when none was sure enough to fill category_guess (the seller then picks); empty when it did not run (a hint, a file name or an LLM named the garment)"),
  decisions: z.array(z.object({
    field: z.enum(['category', 'color']),
    code: z.enum(['seller_memory']),
    params: z.object({ value: z.string().describe('The category or colour key'), count: z.number().int().describe("How many of the seller's confirmed items like this photo carry it") }),
  })).optional().describe("Fields the seller's memory decided rather than the generic model (offline): `seller_memory` with `{value, count}` reads \"like your 3 previous sweatshirts\""),
});

export const IngestResultSchema = z
  .object({
    item_id: z.string().nullable().describe('The saved draft; null for a preview'),
    defects: z.array(DefectSchema).describe('Defects read from the photos (with an LLM) or ticked by the seller; the seller confirms or removes each through `edits.defects`'),
    defects_note: z.string().nullable().describe('How the defects lowered the condition and the price (French), null without defects'),
    saved: z.boolean(),
    preview_token: z.string().nullable().describe('For a preview: pass it to POST /ingest/save-draft to save this listing'),
    preview_expires_at: z.string().nullable(),
    title: z.string(),
    description: z.string(),
    brand: z.string().nullable(),
    category_guess: z.string().nullable(),
    condition: ConditionSchema.nullable(),
    gender: GenderSchema.nullable(),
    size_guess: z.string().nullable(),
    color: z.string().nullable().describe('Main colour (Vinted colour key)'),
    colors: z.array(z.string()),
    material: z.string().nullable(),
    keywords: z.array(z.string()),
    hashtags: z.array(z.string()),
    price: z.number().describe('The item price: the seller\'s, or the suggested target'),
    price_suggestion: z.object({ min: z.number(), max: z.number(), target: z.number(), justification: z.string() }),
    estimated_sale_score: z.number().int().min(0).max(100),
    sale_score_breakdown: z.array(SaleScoreFactorSchema),
    flags: z.object({ publish_ready: z.boolean(), missing_fields: z.array(z.string()), warnings: z.array(z.string()).optional().describe('Advice that does not block (few_photos)') }),
    possible_duplicate: z.boolean(),
    duplicate_of: z.array(DuplicateRefSchema.extend({
      evidence: z.object({
        photo_id: z.string().optional(), matched_photo_id: z.string().optional(), check: z.enum(['hash', 'lookalike']).optional(),
        hash_distance: z.number().optional(), colour_distance: z.number().optional(), similarity: z.number().optional().describe('Look-alike matches: garment-embedding similarity'),
        title: z.string().optional(),
      }).optional().describe('Why: the photos that matched, or the other item\'s title'),
    })),
    photos: z.array(PhotoRefSchema),
    tone: ToneSchema,
    language: LanguageSchema,
    analysis: AnalysisInfoSchema,
  })
  .meta({ id: 'IngestResult' });
export type IngestResult = z.infer<typeof IngestResultSchema>;

/** Fields a seller may change on a preview before saving it: what is sent is saved as it is, nothing is rewritten. */
export const PreviewEditsSchema = z
  .object({
    title: z.string().trim().min(1).max(100),
    description: z.string().max(2000),
    brand: text(100).nullable(),
    size: text(30).nullable(),
    category: category.nullable(),
    condition: condition.nullable(),
    gender: gender.nullable(),
    colors: z.array(colour).max(MAX_COLOURS_PER_ITEM),
    price: euros,
    tone: ToneSchema,
    language: LanguageSchema,
    keywords: z.array(sellerText().trim().min(1).max(60)).max(30),
    hashtags: z.array(sellerText().trim().min(1).max(60)).max(10),
    defects: z.array(DefectSchema).max(DEFECTS_MAX).describe('The defects the seller confirms (remove one by leaving it out, add one from the same list): replaces the list read'),
  })
  .partial()
  .strict();

export const SaveDraftSchema = z
  .object({
    preview_token: z.string().min(10).max(64_000),
    edits: PreviewEditsSchema.optional(),
  })
  .strict()
  .meta({ example: { preview_token: 'eyJ2IjoxLC…', edits: { price: 39, size: 'L' } } });

export const VariantRequestSchema = z.object({ tone: ToneSchema.default('pro'), language: LanguageSchema.default('fr') }).strict();

export const VariantSchema = z
  .object({
    item_id: z.string(),
    tone: ToneSchema,
    language: LanguageSchema,
    title: z.string(),
    description: z.string(),
    keywords: z.array(z.string()),
    hashtags: z.array(z.string()),
    flags: z.object({ publish_ready: z.boolean(), missing_fields: z.array(z.string()) }).describe('Gates this text would pass with the item as saved'),
  })
  .meta({ id: 'ListingVariant' });

/** POST /ingest/compose: the facts as the seller edits them in, the listing re-composed out; nothing is saved. */
export const ComposeRequestSchema = z
  .object({
    preview_token: z.string().min(10).max(64_000).optional().describe('The preview being edited: its facts, photos and analysis are the base the edits change'),
    edits: PreviewEditsSchema.optional().describe('Facts (brand, size, category, condition, gender, colors), price, tone, language; a title, description, keywords or hashtags sent are kept and checked as they are'),
    photo_count: z.number().int().min(0).max(20).optional().describe('Without a preview: how many photos the listing has (for the checklist and the score)'),
  })
  .strict()
  .meta({ example: { preview_token: 'eyJ2IjoxLC…', edits: { brand: 'Zara', size: 'M', condition: 'very_good' } } });

export const ComposedAnswerSchema = IngestResultSchema.pick({
  defects: true, defects_note: true, title: true, description: true, keywords: true, hashtags: true, brand: true, category_guess: true, size_guess: true, condition: true, gender: true,
  colors: true, price: true, price_suggestion: true, estimated_sale_score: true, sale_score_breakdown: true, flags: true, tone: true, language: true,
}).meta({ id: 'ComposedListing' });
export type ComposedAnswer = z.infer<typeof ComposedAnswerSchema>;
