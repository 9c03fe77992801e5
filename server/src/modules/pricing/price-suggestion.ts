import { type BrandTier, type Condition, CONDITION_INFO, findKnownBrand, getCategory, TIER_DEFAULT_MULTIPLIER, TIER_LABELS } from '@vintedbot/catalog';
import { BASE_PRICES, CONDITION_FACTORS, DEFAULT_SPREAD, UNKNOWN_CATEGORY_BASE, UNKNOWN_CONDITION_FACTOR } from './base-prices.ts';
import { DEFAULT_PRICE_RULES, type PriceRules } from './price-rules.ts';

export interface PriceInput {
  category: string | null;
  brand: string | null;
  condition: Condition | null;
  /** Disclosed defects: a factor on the price and the words the justification shows (modules/analysis/defects.ts). */
  defects?: { factor: number; label: string } | null;
  /** Read only by the model learned from the seller's sales (the rules price on the three above). */
  size?: string | null;
  gender?: string | null;
  colors?: string[];
  photoCount?: number;
  /** 1–12; the caller passes the clock's month so this stays pure. */
  month?: number;
}

/** A price model learned from the seller's sales, used instead of the rules when it beat them (model/learned-pricer.ts). */
export interface LearnedPrices {
  suggest(input: PriceInput, rules: PriceRules): PriceSuggestion;
}

export interface PriceSuggestion {
  min_cents: number;
  target_cents: number;
  max_cents: number;
  /** One sentence naming every factor, in the seller's words (French, like the console lines). */
  justification: string;
  factors: {
    base_cents: number;
    category: string | null;
    brand: string | null;
    brand_tier: BrandTier | null;
    brand_multiplier: number;
    condition_factor: number;
    raw_target_cents: number;
    /** Which one set the target: the rules (table × brand × condition) or the model learned from the seller's sales. */
    source?: 'rules' | 'seller_model';
    model?: { sales: number; mae_cents: number; rules_mae_cents: number };
  };
}

const FLOOR_CENTS = 100; // Vinted's minimum price.

/**
 * Suggests min / target / max for an item: base price of its category × brand multiplier × condition factor,
 * rounded psychologically, never below 1 €, always min ≤ target ≤ max. Pure: same input, same answer. With `learned`
 * (the seller's own model, given only when it beat the rules on their recent sales) the model sets the target.
 */
export function suggestPrice(input: PriceInput, rules: PriceRules = DEFAULT_PRICE_RULES, learned?: LearnedPrices | null): PriceSuggestion {
  if (learned) return learned.suggest(input, rules);
  const cat = input.category ? getCategory(input.category) : null;
  const base = cat ? (rules.basePrices[cat.key] ?? BASE_PRICES[cat.key] ?? UNKNOWN_CATEGORY_BASE) : (rules.unknownCategoryBase ?? UNKNOWN_CATEGORY_BASE);

  const known = findKnownBrand(input.brand, rules.brands);
  const tier = known?.tier ?? null;
  const ownRule = known && rules.brands.includes(known);
  const brandMultiplier = known
    ? ownRule
      ? (known.multiplier ?? rules.tierMultipliers[known.tier] ?? TIER_DEFAULT_MULTIPLIER[known.tier])
      : (rules.tierMultipliers[known.tier] ?? known.multiplier ?? TIER_DEFAULT_MULTIPLIER[known.tier])
    : 1;

  const conditionFactor = input.condition ? (rules.conditionFactors[input.condition] ?? CONDITION_FACTORS[input.condition]) : UNKNOWN_CONDITION_FACTOR;
  const defectFactor = input.defects?.factor ?? 1;
  const rawTarget = Math.round(base * 100 * brandMultiplier * conditionFactor * defectFactor);
  const spread = rules.spread ?? DEFAULT_SPREAD;
  const round = rules.rounding === 'none' ? plainRound : psychologicalRound;

  const target = round(rawTarget);
  const min = Math.min(round(rawTarget * (1 - spread)), target);
  const max = Math.max(round(rawTarget * (1 + spread)), target);

  const parts = [
    `${cat ? cat.fr : 'Catégorie inconnue'} : base ${euros(base * 100)}`,
    known ? `${known.name} (${TIER_LABELS[known.tier]}) ×${fmt(brandMultiplier)}` : input.brand ? `${input.brand} (marque hors barème) ×1` : 'marque inconnue ×1',
    input.condition ? `${CONDITION_INFO[input.condition].fr} ×${fmt(conditionFactor)}` : `état non précisé ×${fmt(conditionFactor)}`,
    ...(input.defects ? [input.defects.label] : []),
  ];
  const rounding = rules.rounding === 'none' ? 'arrondi' : 'arrondi psychologique';
  const justification = `${parts.join(' × ')} = ${euros(rawTarget)}, ${rounding} ${euros(target)} ; fourchette ${euros(min)}–${euros(max)}${target === FLOOR_CENTS ? ' (prix plancher Vinted 1 €)' : ''}.`;

  return {
    min_cents: min, target_cents: target, max_cents: max, justification,
    factors: {
      base_cents: base * 100, category: cat?.key ?? null, brand: known?.name ?? input.brand ?? null, brand_tier: tier, brand_multiplier: brandMultiplier,
      condition_factor: conditionFactor, raw_target_cents: rawTarget, source: 'rules',
    },
  };
}

/**
 * A price that ends in 9: the nearest whole "…9 €" when it lies within 10 % (47 → 49, 118 → 119), otherwise
 * the nearest "….90 €" (33 → 32.90, 7.30 → 6.90). Never below 1 €.
 */
export function psychologicalRound(cents: number): number {
  if (cents < 140) return FLOOR_CENTS;
  const e = cents / 100;
  const nine = Math.round((e - 9) / 10) * 10 + 9;
  if (nine >= 9 && Math.abs(nine - e) <= e * 0.1) return nine * 100;
  const below = Math.max(FLOOR_CENTS, Math.floor(e + 0.1) * 100 - 10);
  const above = Math.floor(e + 0.1) * 100 + 90;
  return Math.abs(below - cents) <= Math.abs(above - cents) ? below : above;
}

/** Without charm pricing: to the nearest 10 cents, never below 1 €. */
export function plainRound(cents: number): number {
  return Math.max(FLOOR_CENTS, Math.round(cents / 10) * 10);
}

const fmt = (x: number) => String(Number(x.toFixed(2)));
const euros = (cents: number) => `${cents % 100 === 0 ? String(cents / 100) : (cents / 100).toFixed(2)} €`;
