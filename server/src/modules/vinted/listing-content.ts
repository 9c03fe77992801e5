import { createHash } from 'node:crypto';
import type { Item } from '../listings/index.ts';
import { type Category, type Condition, CONDITION_INFO, findColour, parseCondition, resolveCategory, vintedCatalogId, type VintedColour } from '@vintedbot/catalog';
import { type PackageSize, packageSizeFor, VINTED_LIMITS } from './vinted-facts.ts';

// What goes into the form, built from a stored item or from an ad-hoc request, checked against Vinted's limits
// (and, for a stored item, our own quality gates) before any browser starts. Pure: no I/O here.

export interface ListingContent {
  item_id: string | null;
  title: string;
  description: string;
  brand: string | null;
  size: string | null;
  condition: Condition | null;
  colours: VintedColour[];
  category: Category | null;
  catalog_id: number | null;
  price_cents: number | null;
  package_size: PackageSize;
  /** Photo references in display order (photo ids or staged temp ids). */
  photo_refs: string[];
}

export interface AdHocListing {
  title: string;
  description?: string;
  price?: number | null;
  brand?: string | null;
  size?: string | null;
  condition?: string | null;
  color?: string | string[] | null;
  category_hint?: string | null;
  photos?: string[];
}

export function contentFromItem(item: Item): ListingContent {
  const category = resolveCategory(item.category);
  return {
    item_id: item.id,
    title: item.title.trim(),
    description: item.description.trim(),
    brand: item.brand?.trim() || null,
    size: item.size?.trim() || null,
    condition: item.condition,
    colours: item.colors.map((c) => findColour(c)).filter((c): c is VintedColour => c !== null),
    category,
    catalog_id: category ? vintedCatalogId(category.key, item.gender) : null,
    price_cents: item.price === null ? null : Math.round(item.price * 100),
    package_size: packageSizeFor(category?.key ?? null),
    photo_refs: item.photos.map((p) => p.id),
  };
}

/** The unknown colour names come back separately, so the seller hears which ones were not understood. */
export function contentFromRequest(r: AdHocListing): { content: ListingContent; unknownColours: string[] } {
  const category = resolveCategory(r.category_hint ?? null);
  const names = r.color === null || r.color === undefined ? [] : Array.isArray(r.color) ? r.color : [r.color];
  const colours: VintedColour[] = [];
  const unknownColours: string[] = [];
  for (const n of names) {
    const c = findColour(n);
    if (c) colours.push(c);
    else unknownColours.push(n);
  }
  return {
    unknownColours,
    content: {
      item_id: null,
      title: r.title.trim(),
      description: (r.description ?? '').trim(),
      brand: r.brand?.trim() || null,
      size: r.size?.trim() || null,
      condition: r.condition ? parseCondition(r.condition) : null,
      colours,
      category,
      catalog_id: category ? vintedCatalogId(category.key, null) : null,
      price_cents: r.price === null || r.price === undefined ? null : Math.round(r.price * 100),
      package_size: packageSizeFor(category?.key ?? null),
      photo_refs: r.photos ?? [],
    },
  };
}

/** Everything that keeps the listing off Vinted, from its limits; an empty list means the form can be filled. */
export function vintedProblems(c: ListingContent): string[] {
  const m: string[] = [];
  const L = VINTED_LIMITS;
  if (c.title.length < L.titleMin) m.push('title_too_short');
  if (c.title.length > L.titleMax) m.push('title_too_long');
  if (c.description.length < L.descriptionMin) m.push('description_too_short');
  if (c.description.length > L.descriptionMax) m.push('description_too_long');
  if (c.photo_refs.length < L.photosMin) m.push('too_few_photos');
  if (c.photo_refs.length > L.photosMax) m.push('too_many_photos');
  if (c.price_cents === null || c.price_cents < L.priceMinCents) m.push('missing_price');
  if (c.colours.length > L.coloursMax) m.push('too_many_colours');
  if (!c.category) m.push('missing_category');
  else if (c.catalog_id === null) m.push('category_not_on_vinted');
  if (!c.condition) m.push('missing_condition');
  if (c.category?.needsSize && !c.size) m.push('missing_size');
  return m;
}

/** Our gates (stored on the item) plus Vinted's limits, without repeats. */
export function itemProblems(item: Item, c: ListingContent): string[] {
  const out = new Set<string>(item.flags.publish_ready ? [] : item.flags.missing_fields);
  if (!item.flags.publish_ready && item.flags.missing_fields.length === 0) out.add('not_publish_ready');
  for (const p of vintedProblems(c)) out.add(p);
  return [...out];
}

/** The Vinted status id of the condition. */
export const conditionId = (c: Condition | null): number | null => (c ? CONDITION_INFO[c].vintedId : null);

/**
 * A hash of everything the form receives, photos by their content: a token prepared for this content cannot
 * publish the item once it was edited.
 */
export function contentHash(c: ListingContent, photoShas: string[]): string {
  const canonical = JSON.stringify([
    c.item_id, c.title, c.description, c.brand, c.size, c.condition, c.colours.map((x) => x.id), c.category?.key ?? null, c.catalog_id,
    c.price_cents, c.package_size, photoShas,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
