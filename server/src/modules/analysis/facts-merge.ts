import { canonicalBrand, genderInText, type Language } from '@vintedbot/catalog';
import type { AnalysisHints } from './analysis-provider.ts';
import { DEFECTS_MAX } from './defects.ts';
import type { GarmentReading } from './garment-reading.ts';
import { normaliseSize, readComposition, readStyleWords, splitNotes } from './text-clues.ts';
import type { ListingFacts } from './writer/listing-facts.ts';

/**
 * The facts a listing is written from: what the seller said first, then what the provider read. Notes give
 * measurements and declared defects; "vintage", "rare" and "collection" come only from the seller's words or
 * the label text, never from a model's opinion. Who the garment is for comes from the seller (the hint, then a
 * word in the notes or a file name), then from the label ("HOMME", "8 ans").
 */
export function mergeFacts(r: GarmentReading, hints: AnalysisHints, language: Language, fileNames: readonly (string | null)[] = []): ListingFacts {
  const notes = splitNotes(hints.notes);
  const fromNotes = hints.notes ? readComposition(hints.notes) : [];
  const support = [hints.notes, hints.brand, r.label_text].filter(Boolean).join('\n');
  // Declared in the notes: kept as written. Ticked by the seller, then read by the model: one entry per type and photo.
  const defects = notes.defects;
  const items = [...(hints.defects ?? []), ...r.defects];
  const defect_items = items.filter((d, i) => items.findIndex((x) => x.type === d.type && x.photo === d.photo && x.location === d.location) === i).slice(0, DEFECTS_MAX);
  const brand = hints.brand?.trim() ? canonicalBrand(hints.brand) : r.brand ? canonicalBrand(r.brand) : null;
  return {
    category: hints.category ?? r.category,
    brand,
    size: hints.size?.trim() ? normaliseSize(hints.size) : r.size ? normaliseSize(r.size) : null,
    condition: hints.condition ?? r.condition,
    gender: hints.gender ?? genderInText(hints.notes) ?? genderInText(fileNames.filter(Boolean).join(' ')) ?? genderInText(r.label_text, { ages: true }),
    colors: r.colors.slice(0, 2),
    fibres: r.materials.length ? r.materials : fromNotes,
    details: r.details,
    details_language: r.details.length ? language : null,
    defects,
    defect_items,
    measurements: notes.measurements,
    notes: notes.rest,
    style_words: readStyleWords(support),
  };
}
