import type { Schemas } from '../../api/client.ts';

type Item = Schemas['Item'];

/** The editable listing as the form holds it: text boxes keep strings, the API gets typed values. */
export interface ListingFormState {
  title: string;
  description: string;
  brand: string;
  category: string;
  size: string;
  condition: string;
  gender: string;
  colors: string[];
  material: string;
  keywords: string;
  hashtags: string;
  price: string;
  sold_price: string;
}

/** A price as a French or English seller types it: "32,90" or "32.90". */
export function priceText(v: number | null | undefined, lang: 'fr' | 'en' = 'fr'): string {
  if (v === null || v === undefined) return '';
  const s = Number.isInteger(v) ? String(v) : v.toFixed(2);
  return lang === 'fr' ? s.replace('.', ',') : s;
}

export function formFromItem(i: Item, lang: 'fr' | 'en' = 'fr'): ListingFormState {
  const money = (v: number | null) => priceText(v, lang);
  return {
    title: i.title,
    description: i.description,
    brand: i.brand ?? '',
    category: i.category ?? '',
    size: i.size ?? '',
    condition: i.condition ?? '',
    gender: i.gender ?? '',
    colors: [...i.colors],
    material: i.material ?? '',
    keywords: i.keywords.join(', '),
    hashtags: i.hashtags.map((h) => `#${h.replace(/^#/, '')}`).join(' '),
    price: money(i.price),
    sold_price: money(i.sold_price),
  };
}

export const parseList = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);
export const parseHashtags = (s: string) => s.split(/[\s,]+/).map((x) => x.replace(/^#+/, '').trim()).filter(Boolean);
/** "12,50" or "12.5" → 12.5; empty → null; unreadable → NaN (the API then names the field). */
export function parseEuros(s: string): number | null {
  const t = s.trim().replace(/\s/g, '').replace(',', '.');
  if (!t) return null;
  return Number(t);
}

export type ItemPatch = Partial<{
  title: string;
  description: string;
  brand: string | null;
  category: string | null;
  size: string | null;
  condition: Item['condition'];
  gender: Item['gender'];
  colors: string[];
  material: string | null;
  keywords: string[];
  hashtags: string[];
  price: number | null;
  sold_price: number | null;
}>;

/**
 * A price box for the API: the amount, null when empty, or, when unreadable, the text as typed so the API's 400 names
 * the field (NaN would travel as JSON null and silently clear the price).
 */
function priceValue(s: string): number | null {
  const n = parseEuros(s);
  return n !== null && Number.isNaN(n) ? (s.trim() as unknown as number) : n;
}

/** Every field as the API takes it (a price box unreadable stays as typed so the API names it). */
export function toApiFields(s: ListingFormState): ItemPatch {
  return toPatchBody(s);
}

function toPatchBody(s: ListingFormState): ItemPatch {
  const orNull = (v: string) => (v.trim() ? v.trim() : null);
  return {
    title: s.title.trim(),
    description: s.description,
    brand: orNull(s.brand),
    category: orNull(s.category),
    size: orNull(s.size),
    condition: (orNull(s.condition) as Item['condition']) ?? null,
    gender: (orNull(s.gender) as Item['gender']) ?? null,
    colors: s.colors,
    material: orNull(s.material),
    keywords: parseList(s.keywords),
    hashtags: parseHashtags(s.hashtags),
    price: priceValue(s.price),
    sold_price: priceValue(s.sold_price),
  };
}

/** Only the fields the seller changed, so a save never overwrites what it did not touch. */
export function changedFields(now: ListingFormState, before: ListingFormState): ItemPatch {
  const a = toPatchBody(now) as Record<string, unknown>;
  const b = toPatchBody(before) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(a)) if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) out[k] = a[k];
  return out as ItemPatch;
}
