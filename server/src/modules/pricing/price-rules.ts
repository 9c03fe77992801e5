import { z } from 'zod';
import { type BrandTier, CATEGORIES, CONDITIONS, type KnownBrand, resolveCategory } from '@vintedbot/catalog';

// PRICE_RULES_JSON: a seller's or shop's own price table laid over the defaults, e.g.
// {"base_prices": {"jumper": 18}, "condition_factors": {"good": 0.75}, "tier_multipliers": {"premium": 2.4},
//  "brands": {"Sézane": {"tier": "premium", "multiplier": 2.1}, "Zara": 0.8}, "spread": 0.15, "rounding": "none"}
// or the seeds' flat form, category → euros: {"hoodie": 25, "t-shirt": 10, "jeans": 25, "veste": 35}, read as
// base_prices. Category words go through the catalogue in both forms ("veste" → jacket), so one value serves the
// price suggestion and the bulk plan alike.
const TIERS = ['luxury', 'streetwear', 'premium', 'sport', 'mid', 'fast_fashion'] as const satisfies readonly BrandTier[];
const CATEGORY_KEYS = CATEGORIES.map((c) => c.key) as [string, ...string[]];
const multiplier = z.number().min(0.1).max(10);

export const PriceRulesSchema = z
  .object({
    base_prices: z.partialRecord(z.enum(CATEGORY_KEYS), z.number().min(1).max(100_000)).default({}),
    unknown_category_base: z.number().min(1).max(100_000).optional(),
    condition_factors: z.partialRecord(z.enum(CONDITIONS), z.number().min(0.05).max(5)).default({}),
    tier_multipliers: z.partialRecord(z.enum(TIERS), multiplier).default({}),
    brands: z
      .record(z.string().trim().min(1).max(100), z.union([multiplier, z.object({ tier: z.enum(TIERS).default('mid'), multiplier: multiplier.optional() })]))
      .default({}),
    spread: z.number().min(0).max(0.9).optional(),
    rounding: z.enum(['psychological', 'none']).default('psychological'),
  })
  .strict();

export interface PriceRules {
  basePrices: Partial<Record<string, number>>;
  unknownCategoryBase?: number;
  conditionFactors: Partial<Record<string, number>>;
  tierMultipliers: Partial<Record<BrandTier, number>>;
  /** The seller's own brands, matched before the built-in list. */
  brands: KnownBrand[];
  spread?: number;
  rounding: 'psychological' | 'none';
}

export const DEFAULT_PRICE_RULES: PriceRules = { basePrices: {}, conditionFactors: {}, tierMultipliers: {}, brands: [], rounding: 'psychological' };

export class PriceRulesError extends Error {}

/** Parses PRICE_RULES_JSON (unset or blank: the defaults); a bad value fails start-up with every problem listed. */
export function parsePriceRules(json: string | undefined): PriceRules {
  if (!json || !json.trim()) return DEFAULT_PRICE_RULES;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new PriceRulesError('PRICE_RULES_JSON is not valid JSON');
  }
  const parsed = PriceRulesSchema.safeParse(withCategoryKeys(isFlatForm(raw) ? { base_prices: raw } : raw));
  if (!parsed.success) {
    throw new PriceRulesError(`PRICE_RULES_JSON: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  const r = parsed.data;
  return {
    basePrices: r.base_prices,
    unknownCategoryBase: r.unknown_category_base,
    conditionFactors: r.condition_factors,
    tierMultipliers: r.tier_multipliers,
    brands: Object.entries(r.brands).map(([name, v]) => (typeof v === 'number' ? { name, tier: 'mid' as const, multiplier: v } : { name, tier: v.tier, ...(v.multiplier ? { multiplier: v.multiplier } : {}) })),
    spread: r.spread,
    rounding: r.rounding,
  };
}

const RULE_KEYS = new Set(Object.keys(PriceRulesSchema.shape));
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

/** The flat form: only numbers, under names that are not the full form's own ({"spread": 0.2} stays a rule). */
function isFlatForm(raw: unknown): raw is Json {
  return isObject(raw) && Object.keys(raw).length > 0 && Object.entries(raw).every(([k, v]) => typeof v === 'number' && !RULE_KEYS.has(k));
}

/** base_prices keyed by catalogue keys; a word the catalogue does not know is left for the schema to name. */
function withCategoryKeys(raw: unknown): unknown {
  if (!isObject(raw) || !isObject(raw.base_prices)) return raw;
  const prices = Object.fromEntries(Object.entries(raw.base_prices).map(([k, v]) => [resolveCategory(k)?.key ?? k, v]));
  return { ...raw, base_prices: prices };
}
