import { evaluateGates, type MissingField } from '../listings/index.ts';
import { findKnownBrand, type Language, type Tone } from '@vintedbot/catalog';
import { type LearnedPrices, type PriceRules, type PriceSuggestion, suggestPrice } from '../pricing/index.ts';
import { applyDefects } from './defects.ts';
import { type SaleScore, saleScore } from './sale-score.ts';
import type { ListingFacts } from './writer/listing-facts.ts';
import { type WrittenListing, writeListing } from './writer/listing-writer.ts';

export interface ComposeInput {
  facts: ListingFacts;
  tone: Tone;
  language: Language;
  /** The seller's own price (cents), kept as the item price; otherwise the suggested target is used. */
  priceCents: number | null;
  photoCount: number;
  photoQualities: number[];
  priceRules: PriceRules;
  /** 1–12, for the season factor; the caller passes the clock's month so this stays pure. */
  month: number;
  /** The model learned from the seller's sales, when it beat the table (analysis.learnedPrices()). */
  learnedPrices?: LearnedPrices | null;
}

export interface ComposedListing {
  /** The facts as written: the condition lowered by the defects, their phrases in the text. */
  facts: ListingFacts;
  /** Why the defects lowered the condition and the price; null without defects. */
  defects_note: string | null;
  written: WrittenListing;
  suggestion: PriceSuggestion;
  priceCents: number;
  score: SaleScore;
  flags: { publish_ready: boolean; missing_fields: MissingField[] };
}

/** Writes, prices, scores and gates one listing from its facts. Pure. */
export function composeListing(i: ComposeInput): ComposedListing {
  const effect = applyDefects(i.facts, i.language);
  const f = effect.facts;
  const written = writeListing(f, i.tone, i.language);
  const suggestion = suggestPrice({
    category: f.category, brand: f.brand, condition: f.condition, size: f.size, gender: f.gender, colors: f.colors, photoCount: i.photoCount, month: i.month,
    defects: effect.price,
  }, i.priceRules, i.learnedPrices);
  const priceCents = i.priceCents ?? suggestion.target_cents;
  const known = findKnownBrand(f.brand, i.priceRules.brands);
  const score = saleScore({
    brandTier: known?.tier ?? null,
    brandKnown: !!f.brand,
    priceCents,
    referenceCents: suggestion.target_cents,
    condition: f.condition,
    category: f.category,
    month: i.month,
    photoQualities: i.photoQualities,
    photoCount: i.photoCount,
  });
  const flags = evaluateGates({
    title: written.title, description: written.description, hashtags: written.hashtags, brand: f.brand, size: f.size,
    condition: f.condition, category: f.category, price_cents: priceCents, photo_count: i.photoCount,
  });
  return { facts: f, defects_note: effect.explanation, written, suggestion, priceCents, score, flags };
}
