// One plan item per group, as pure functions, written and priced by the same code as single listings:
//   title       the writer's short template: {Vêtement} {couleur accordée} {Marque} ({état}) – Taille {Taille}
//               (the condition left out first when the title would pass 70 characters; the size when unknown)
//   description the writer's short template ("… Envoi rapide depuis {city}. Photos réelles. Remise possible sur lot.")
//   price       the group's override, else the price suggestion of single listings (category base × brand tier ×
//               condition, PRICE_RULES_JSON included) when the category is known, else the plan's default, else
//               DEFAULT_PRICE; every item carries the suggestion and a sale score either way.
import {
  buildTemplateDescription, buildTemplateTitle, composeListing, emptyFacts, type ListingFacts,
} from '../analysis/index.ts';
import { type LearnedPrices, type PriceRules, suggestPrice } from '../pricing/index.ts';
import { type Category, type Condition, findColour, type Gender, getCategory, parseCondition, resolveCategory } from '@vintedbot/catalog';

export const TITLE_MAX = 100; // Vinted's limit
export const TITLE_GATE = 70; // our quality gate
export const MAX_PHOTOS = 20;
/** Fewer photos than this is advice (a warning and a lower sale score), not a block: Vinted takes 1–20. */
export const PHOTOS_ADVISED = 3;

export interface PlanCluster {
  id: string;
  photo_ids: string[];
  category: string | null;
  category_score: number | null;
  color: string | null;
  color_secondary: string | null;
  brand: string | null;
  size: string | null;
  few_photos: boolean;
  item_id: string | null;
  /** The photos' quality scores (0–100), for the sale score; empty when not measured. */
  photo_qualities?: number[];
}

export interface PlanDefaults { price?: number; condition?: string; publish?: boolean; gender?: Gender }
export interface PlanOverride {
  title?: string; description?: string; price?: number; condition?: string; publish?: boolean;
  category?: string; color?: string; brand?: string | null; size?: string | null; gender?: Gender;
}

export interface PlannedSuggestion { min: number; target: number; max: number; justification: string }

export interface PlanItem {
  cluster_id: string;
  title: string;
  description: string;
  price: number;
  publish: boolean;
  warnings: string[];
  category: string | null;
  colors: string[];
  condition: Condition;
  brand: string | null;
  size: string | null;
  /** Who it is for (plans stored before it existed read as null). */
  gender: Gender;
  photo_ids: string[];
  /** Search words and hashtags (the stock's quality gate wants 3–10 hashtags before publication). */
  keywords: string[];
  hashtags: string[];
  price_source: 'override' | 'suggestion' | 'price_rules' | 'default' | 'DEFAULT_PRICE' | 'analysed';
  /** The price suggestion of single listings for this group (plans stored before it existed read as null). */
  price_suggestion: PlannedSuggestion | null;
  /** How likely it sells soon, 0–100, as single drafts have it; its factors in sale_score_breakdown. */
  sale_score: number | null;
  sale_score_breakdown?: unknown;
  /** Whose words title and description are: the seller's override, the short template, or the analyser's. */
  text_source?: 'override' | 'template' | 'analysed';
}

export interface TemplateSettings {
  city: string | null;
  /** PRICE_RULES_JSON read by pricing's one parser (flat seed form included): the suggestion's table. */
  priceRules: PriceRules;
  defaultPrice: number;
  /** 1–12, for the sale score's season factor (the caller passes the clock's month so this stays pure). */
  month: number;
  /** The model learned from the seller's sales, when it beat the table. */
  learnedPrices?: LearnedPrices | null;
}

/** The facts of one item: the group's figures with the seller's overrides laid over them. */
export function itemFacts(c: PlanCluster, defaults: PlanDefaults, o: PlanOverride = {}) {
  const category: Category | null = o.category !== undefined ? resolveCategory(o.category) : c.category ? (getCategory(c.category) ?? resolveCategory(c.category)) : null;
  const colour = o.color !== undefined ? findColour(o.color) : c.color ? findColour(c.color) : null;
  const second = o.color === undefined && c.color_secondary ? findColour(c.color_secondary) : null;
  const condition = parseCondition(o.condition ?? defaults.condition ?? 'good') ?? 'good';
  return {
    category, colour, colors: [colour?.key, second?.key].filter((x): x is string => !!x).slice(0, 2), condition,
    brand: o.brand !== undefined ? o.brand : c.brand, size: o.size !== undefined ? o.size : c.size,
    gender: o.gender !== undefined ? o.gender : (defaults.gender ?? null),
  };
}

/** The writer's facts for a planned group (what it knows, nothing invented). */
export function listingFacts(f: ReturnType<typeof itemFacts>): ListingFacts {
  return { ...emptyFacts(), category: f.category?.key ?? null, brand: f.brand?.trim() || null, size: f.size?.trim() || null, condition: f.condition, gender: f.gender, colors: f.colors };
}

/** The price: the seller's, else the single listings' suggestion (known category), else the plan's default, else DEFAULT_PRICE. */
export function planPrice(category: Category | null, defaults: PlanDefaults, o: PlanOverride, s: Pick<TemplateSettings, 'defaultPrice'>, suggestedCents: number): { price: number; source: PlanItem['price_source'] } {
  if (o.price !== undefined) return { price: o.price, source: 'override' };
  if (category) return { price: suggestedCents / 100, source: 'suggestion' };
  if (defaults.price !== undefined) return { price: defaults.price, source: 'default' };
  return { price: s.defaultPrice, source: 'DEFAULT_PRICE' };
}

/** What the seller should look at before spending anything on this item. */
export function planWarnings(c: PlanCluster, f: ReturnType<typeof itemFacts>, title: string): string[] {
  const w: string[] = [];
  if (c.few_photos || c.photo_ids.length < PHOTOS_ADVISED) w.push('few_photos');
  if (c.photo_ids.length > MAX_PHOTOS) w.push('too_many_photos');
  if (!f.category) w.push('no_category');
  else if (c.category_score !== null && c.category_score < 0.5) w.push('uncertain_category');
  if (!f.colour) w.push('no_colour');
  if (f.category?.needsSize && !f.size) w.push('no_size');
  if (title.length > TITLE_GATE) w.push('title_too_long');
  if (c.item_id) w.push('already_drafted');
  return w;
}

/** Suggestion, sale score, keywords and hashtags of a group at a price: the single listings' composer, unchanged. */
export function composedFor(facts: ListingFacts, priceCents: number | null, c: PlanCluster, s: Pick<TemplateSettings, 'priceRules' | 'month' | 'learnedPrices'>) {
  const photos = Math.min(c.photo_ids.length, MAX_PHOTOS);
  return composeListing({
    facts, tone: 'pro', language: 'fr', priceCents, photoCount: photos, photoQualities: (c.photo_qualities ?? []).slice(0, photos), priceRules: s.priceRules, month: s.month,
    learnedPrices: s.learnedPrices,
  });
}

export function templateItem(c: PlanCluster, defaults: PlanDefaults, o: PlanOverride, s: TemplateSettings): PlanItem {
  const f = itemFacts(c, defaults, o);
  const facts = listingFacts(f);
  const suggestion = suggestPrice({
    category: facts.category, brand: facts.brand, condition: facts.condition, size: facts.size, gender: facts.gender, colors: facts.colors,
    photoCount: Math.min(c.photo_ids.length, MAX_PHOTOS), month: s.month,
  }, s.priceRules, s.learnedPrices);
  const { price, source } = planPrice(f.category, defaults, o, s, suggestion.target_cents);
  const composed = composedFor(facts, Math.round(price * 100), c, s);
  const title = o.title ?? buildTemplateTitle(facts);
  return {
    cluster_id: c.id,
    title,
    description: o.description ?? buildTemplateDescription(facts, s.city),
    price,
    publish: o.publish ?? defaults.publish ?? false,
    warnings: planWarnings(c, f, title),
    category: f.category?.key ?? null,
    colors: f.colors,
    condition: f.condition,
    brand: f.brand,
    size: f.size,
    gender: f.gender,
    photo_ids: c.photo_ids.slice(0, MAX_PHOTOS),
    keywords: composed.written.keywords,
    hashtags: composed.written.hashtags,
    price_source: source,
    price_suggestion: plannedSuggestion(composed.suggestion),
    sale_score: composed.score.score,
    sale_score_breakdown: composed.score.breakdown,
    text_source: o.title !== undefined || o.description !== undefined ? 'override' : 'template',
  };
}

export const plannedSuggestion = (s: { min_cents: number; target_cents: number; max_cents: number; justification: string }): PlannedSuggestion => ({
  min: s.min_cents / 100, target: s.target_cents / 100, max: s.max_cents / 100, justification: s.justification,
});
