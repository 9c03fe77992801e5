import type { ItemsTable } from '../../platform/db/schema.ts';
import { evaluateGates, type Item } from '../listings/index.ts';
import { readComposition } from './text-clues.ts';
import { emptyFacts, type ListingFacts } from './writer/listing-facts.ts';
import { type WrittenListing, writeListing } from './writer/listing-writer.ts';
import type { Language, Tone } from '@vintedbot/catalog';

/**
 * The facts behind a saved item: its current fields (the seller's edits win) with the details only the analysis
 * kept (observations, defects, measurements, notes, style words) from the item's `extra.facts`.
 */
export function factsFromItem(item: Item, row: Pick<ItemsTable, 'extra'>): ListingFacts {
  let saved: Partial<ListingFacts> = {};
  try {
    const extra = JSON.parse(row.extra) as { facts?: Partial<ListingFacts> };
    if (extra.facts && typeof extra.facts === 'object') saved = extra.facts;
  } catch {
    /* an item created by hand or imported has no analysis facts */
  }
  const base = emptyFacts();
  const list = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
  return {
    ...base,
    details: list<string>(saved.details).filter((d) => typeof d === 'string'),
    details_language: saved.details_language ?? null,
    defects: list<string>(saved.defects).filter((d) => typeof d === 'string'),
    measurements: list<string>(saved.measurements).filter((d) => typeof d === 'string'),
    notes: typeof saved.notes === 'string' ? saved.notes : null,
    style_words: list<ListingFacts['style_words'][number]>(saved.style_words).filter((w) => ['vintage', 'rare', 'collection'].includes(w)),
    category: item.category,
    brand: item.brand,
    size: item.size,
    condition: item.condition,
    gender: item.gender,
    colors: item.colors,
    fibres: item.material ? readComposition(item.material) : [],
  };
}

/** Another tone or language for a saved item, with the gates it would pass; the item itself is not touched. */
export function variantOf(item: Item, row: Pick<ItemsTable, 'extra'>, tone: Tone, language: Language): WrittenListing & { flags: ReturnType<typeof evaluateGates> } {
  const w = writeListing(factsFromItem(item, row), tone, language);
  const flags = evaluateGates({
    title: w.title, description: w.description, hashtags: w.hashtags, brand: item.brand, size: item.size, condition: item.condition,
    category: item.category, price_cents: item.price === null ? null : Math.round(item.price * 100), photo_count: item.photos.length,
  });
  return { ...w, flags };
}
