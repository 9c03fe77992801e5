import { z } from 'zod';
import { CONDITION_INFO, findColour, parseCondition, parseGender, resolveCategory } from '@vintedbot/catalog';
import { UUID_RE } from '../../platform/time.ts';
import type { PatchItemInput } from '../listings/index.ts';
import { foldKey, parseEuros, splitList } from './csv-cells.ts';
import { boundsOf, checkedBy, euros, flag, ITEM, lenientVocabulary, Noted, parseBoolean, parseStatus, PRICE_RANGE, refuse, vocabulary } from './import-codecs.ts';

// The columns a CSV import understands: the headers that name each one (French, English, our own export's; compared
// after foldKey, so case, accents, spaces, dashes and apostrophes do not matter), the item field it sets and the codec
// from the cell's text to that field. A new column is one line here. The item's limits come from the item schema.

export type EditableField = keyof PatchItemInput;

export interface Column {
  headers: readonly string[];
  /** The item field a present column may change: an update changes only the fields of the file's columns. */
  sets?: EditableField;
  /** Seller text: refused when a spreadsheet would run it as a formula. */
  text?: true;
  /** Where the value goes: the item (default), the record's id, its system fields or its status stamps. */
  into?: 'id' | 'sys' | 'stamps';
  /** An empty cell, without decoding it: `clears` the field (null) or is `ignored` (the field is left as it is). */
  empty?: 'clears' | 'ignored';
  /** From the cell's text (trimmed) to the value; with `reads`, from the texts of those columns. */
  codec?: z.ZodType;
  /** A field made of several columns: the codec gets their texts by name, when one of `when` (default `reads`) is present. */
  reads?: readonly string[];
  when?: readonly string[];
}

const TITLE = boundsOf(ITEM.title);
const CATEGORY = boundsOf(ITEM.category);
const COLOURS = boundsOf(ITEM.colors);
const SCORE = boundsOf(ITEM.estimated_sale_score);
const RATE = boundsOf(ITEM.drop_rate);
const CONDITION_HELP = Object.values(CONDITION_INFO).map((c) => c.fr).join(', ');

const title = z.string().transform(checkedBy(ITEM.title, (issue, v) => (issue.code === 'too_big'
  ? { code: 'title_too_long', message: `The title has ${String(v).length} characters; Vinted allows ${TITLE.max}`, params: { length: String(v).length, max: TITLE.max } }
  : { code: 'missing_title', message: 'The title is empty' })));
const shortText = (field: z.ZodType, code: string) => z.string().transform(checkedBy(field, () => ({ code, message: `At most ${boundsOf(field).max} characters`, params: { max: boundsOf(field).max } })));

const itemId = z.string().transform((s, ctx) =>
  (UUID_RE.test(s) ? s.toLowerCase() : refuse(ctx, 'invalid_id', `"${s.slice(0, 40)}" is not an item id (a UUID); leave the column empty for new items`, { value: s.slice(0, 40) })));

const category = z.string().transform((s, ctx) => {
  const known = resolveCategory(s);
  if (known) return known.key;
  if (s.length > CATEGORY.max) return refuse(ctx, 'category_too_long', `At most ${CATEGORY.max} characters`, { max: CATEGORY.max });
  return new Noted(s, [{ code: 'unknown_category', message: `"${s}" is not one of our categories: kept as written, map it before publishing`, params: { value: s.slice(0, 60) } }]);
});

// A colour we do not know (after the synonyms: camel → beige, écru → crème…) is left out with a note; the known ones stay.
const colours = z.string().transform((s, ctx) => {
  const keys: string[] = [];
  const notes: Noted<string[]>['notes'] = [];
  for (const name of splitList(s)) {
    const c = findColour(name);
    if (c) keys.push(c.key);
    else notes.push({ code: 'unknown_color', message: `Unknown colour "${name.slice(0, 30)}": imported without it (use a Vinted colour: noir, bleu marine, blanc…)`, params: { value: name.slice(0, 30) } });
  }
  const unique = [...new Set(keys)];
  if (unique.length > COLOURS.max) flag(ctx, 'too_many_colors', `Vinted allows ${COLOURS.max} colours, the row has ${unique.length}`, { max: COLOURS.max, count: unique.length });
  return notes.length ? new Noted(unique, notes) : unique;
});

const saleScore = z.string().transform((s) => Number(s.replace(',', '.')))
  .transform(checkedBy(ITEM.estimated_sale_score, () => ({ code: 'invalid_sale_score', message: `A whole number from ${SCORE.min} to ${SCORE.max}`, params: { min: SCORE.min, max: SCORE.max } })));

const dropRate = z.string()
  .transform((s) => {
    const raw = s.replace(',', '.');
    return raw.endsWith('%') ? Number(raw.slice(0, -1)) / 100 : Number(raw);
  })
  .transform(checkedBy(ITEM.drop_rate, () => ({ code: 'invalid_drop_rate', message: `A daily rate above ${RATE.min} and at most ${RATE.max} (or ${RATE.max * 100} %)`, params: { min: RATE.min, max: RATE.max } })))
  .transform((n) => Math.round((n as number) * 10_000) / 10_000);

const yesNo = vocabulary(parseBoolean, 'invalid_boolean', () => 'Write oui/non, yes/no, true/false or 1/0');
/** The automatic drop: yes/no for this item, or "auto" (follow the seller-wide default, what our exports write then). */
const dropChoice = z.string().transform((s, ctx) => (['auto', 'defaut', 'par_defaut', 'default'].includes(foldKey(s))
  ? null : parseBoolean(s) ?? refuse(ctx, 'invalid_boolean', 'Write oui/non, yes/no, true/false, 1/0, or auto (the default)', { value: s.slice(0, 60) })));

const isoDate = z.string().transform((s, ctx) => {
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? refuse(ctx, 'invalid_date', `"${s.slice(0, 40)}" is not a date (ISO 8601, e.g. 2025-03-01T10:00:00Z)`, { value: s.slice(0, 40) }) : new Date(ms).toISOString();
});

const SUGGESTION = ['suggestion_min', 'suggestion_target', 'suggestion_max', 'suggestion_justification'] as const;
const suggestion = z.record(z.enum(SUGGESTION), z.string()).transform((c, ctx) => {
  const parts = [c.suggestion_min, c.suggestion_target, c.suggestion_max].map((s) => parseEuros(s, PRICE_RANGE));
  if (parts.every((p) => p.ok && p.cents === null)) return null;
  if (parts.some((p) => !p.ok || p.cents === null)) return refuse(ctx, 'invalid_price_suggestion', 'The suggested min, target and max go together, each a price');
  const [min, target, max] = parts.map((p) => (p as { cents: number }).cents / 100);
  // The order rule is the item schema's; its other rules are checked with the whole item.
  const order = ITEM.price_suggestion.safeParse({ min, target, max, justification: '' }).error?.issues.find((i) => i.code === 'custom');
  return order ? refuse(ctx, 'invalid_price_suggestion', order.message) : { min, target, max, justification: c.suggestion_justification };
});

// What a reseller tracks (issue 18): the item schema's rules (a cost from 0, a past day, a SKU's characters).
const cost = z.string().transform((s, ctx) => {
  const p = parseEuros(s, { min: 0 });
  return p.ok ? (p.cents === null ? null : p.cents / 100) : refuse(ctx, p.code, p.message, { value: s.slice(0, 40), min: 0 });
}).transform(checkedBy(ITEM.purchase_cost, (issue, v) => ({ code: 'invalid_price', message: `${String(v)} is not a purchase cost: ${issue.message}`, params: { value: String(v).slice(0, 40), min: 0 } })));
// A day as YYYY-MM-DD; a full ISO date (what a spreadsheet may write back) keeps its day.
const pastDay = z.string().transform((s) => (/^\d{4}-\d{2}-\d{2}T/.test(s) ? s.slice(0, 10) : s))
  .transform(checkedBy(ITEM.acquired_at, (issue, v) => ({ code: 'invalid_date', message: `"${String(v).slice(0, 40)}" is not a past day (YYYY-MM-DD): ${issue.message}`, params: { value: String(v).slice(0, 40) } })));
const sku = z.string().transform(checkedBy(ITEM.sku, (issue, v) => ({ code: 'invalid_value', message: `"${String(v).slice(0, 40)}" is not a SKU (letters, digits and - _ . /, at most 40): ${issue.message}`, params: { value: String(v).slice(0, 40) } })));

const VINTED = ['vinted_listing_id', 'vinted_url'] as const;
const vinted = z.record(z.enum(VINTED), z.string())
  .transform((c) => (c.vinted_listing_id || c.vinted_url ? { listing_id: c.vinted_listing_id || null, url: c.vinted_url || null } : null));

/** Every column, in the order a row is checked (the order of its errors in the report). */
export const COLUMNS = {
  id: { headers: ['id', 'identifiant', 'item_id'], into: 'id', empty: 'ignored', codec: itemId },
  title: { headers: ['titre', 'title', 'nom', 'name'], sets: 'title', text: true, codec: title },
  description: { headers: ['description', 'desc'], sets: 'description', text: true, codec: z.string() },
  brand: { headers: ['marque', 'brand'], sets: 'brand', text: true, empty: 'clears', codec: shortText(ITEM.brand, 'brand_too_long') },
  size: { headers: ['taille', 'size', 'pointure'], sets: 'size', text: true, empty: 'clears', codec: shortText(ITEM.size, 'size_too_long') },
  material: { headers: ['matiere', 'matieres', 'material', 'materials'], sets: 'material', text: true, empty: 'clears', codec: shortText(ITEM.material, 'material_too_long') },
  price: { headers: ['prix', 'price', 'prix_eur', 'price_eur', 'prix_de_vente_demande'], sets: 'price', codec: euros },
  sold_price: { headers: ['prix_vendu', 'prix_de_vente', 'sold_price'], sets: 'sold_price', codec: euros },
  floor: { headers: ['prix_plancher', 'plancher', 'floor', 'floor_price'], sets: 'floor', codec: euros },
  condition: {
    headers: ['etat', 'condition', 'state'], sets: 'condition', empty: 'clears',
    codec: lenientVocabulary(parseCondition, 'unknown_condition', (s) => `Unknown condition "${s.slice(0, 40)}": imported without it; use one of: ${CONDITION_HELP}`),
  },
  category: { headers: ['categorie', 'category', 'type'], sets: 'category', text: true, empty: 'clears', codec: category },
  gender: {
    headers: ['genre', 'sexe', 'gender', 'pour', 'rayon'], sets: 'gender', empty: 'clears',
    codec: lenientVocabulary(parseGender, 'unknown_gender', (s) => `Unknown gender "${s.slice(0, 40)}": imported without it; use femme/women, homme/men or enfant/kids`),
  },
  status: {
    headers: ['statut', 'status'], sets: 'status', empty: 'ignored',
    codec: lenientVocabulary(parseStatus, 'unknown_status', (s) => `Unknown status "${s.slice(0, 40)}": imported as a draft; use brouillon/draft, en vente/listed, vendu/sold or archivé/archived`),
  },
  colors: { headers: ['couleur', 'couleurs', 'color', 'colors', 'colour', 'colours'], sets: 'colors', text: true, codec: colours },
  keywords: { headers: ['mots_cles', 'mots_cle', 'keywords'], sets: 'keywords', text: true, codec: z.string().transform(splitList) },
  hashtags: {
    headers: ['hashtags', 'tags'], sets: 'hashtags', text: true,
    codec: z.string().transform((s) => splitList(s).map((h) => h.replace(/^#+/, '')).filter(Boolean)),
  },
  photos: { headers: ['photos', 'photo_ids'], sets: 'photos', codec: z.string().transform((s) => s.split(/[\s,;|]+/).filter(Boolean)) },
  estimated_sale_score: { headers: ['score_de_vente', 'estimated_sale_score', 'sale_score'], sets: 'estimated_sale_score', empty: 'ignored', codec: saleScore },
  drop_rate: { headers: ['taux_de_baisse', 'drop_rate'], sets: 'drop_rate', empty: 'clears', codec: dropRate },
  auto_drop: { headers: ['baisse_auto', 'auto_drop'], sets: 'auto_drop', empty: 'ignored', codec: dropChoice },
  publish_opt_in: { headers: ['publication_auto', 'publish_opt_in'], sets: 'publish_opt_in', empty: 'ignored', codec: yesNo },
  suggestion_min: { headers: ['prix_suggere_min', 'price_suggestion_min'], sets: 'price_suggestion', reads: SUGGESTION, when: SUGGESTION.slice(0, 3), codec: suggestion },
  suggestion_target: { headers: ['prix_suggere', 'prix_suggere_cible', 'price_suggestion_target'], sets: 'price_suggestion' },
  suggestion_max: { headers: ['prix_suggere_max', 'price_suggestion_max'], sets: 'price_suggestion' },
  suggestion_justification: { headers: ['justification', 'price_suggestion_justification'], sets: 'price_suggestion', text: true },
  vinted_listing_id: { headers: ['vinted_id', 'vinted_listing_id'], sets: 'vinted', reads: VINTED, codec: vinted },
  vinted_url: { headers: ['lien_vinted', 'vinted_url'], sets: 'vinted' },
  purchase_cost: { headers: ['cout_d_achat', 'cout_achat', 'prix_d_achat', 'prix_achat', 'purchase_cost', 'cost'], sets: 'purchase_cost', empty: 'clears', codec: cost },
  acquired_at: { headers: ['achete_le', 'date_d_achat', 'date_achat', 'acquired_at'], sets: 'acquired_at', empty: 'clears', codec: pastDay },
  source: { headers: ['provenance', 'origine', 'source'], sets: 'source', text: true, empty: 'clears', codec: shortText(ITEM.source, 'too_long') },
  // An empty SKU cell leaves the reference as it is (a new item gets a generated one).
  sku: { headers: ['sku', 'reference', 'ref'], sets: 'sku', text: true, empty: 'ignored', codec: sku },
  storage_location: { headers: ['emplacement', 'rangement', 'storage_location', 'location'], sets: 'storage_location', text: true, empty: 'clears', codec: shortText(ITEM.storage_location, 'too_long') },
  created_at: { headers: ['cree_le', 'created_at', 'date_creation'], into: 'sys', empty: 'ignored', codec: isoDate },
  updated_at: { headers: ['modifie_le', 'updated_at'], into: 'sys', empty: 'ignored', codec: isoDate },
  listed_at: { headers: ['mis_en_vente_le', 'listed_at'], into: 'stamps', empty: 'ignored', codec: isoDate },
  sold_at: { headers: ['vendu_le', 'sold_at'], into: 'stamps', empty: 'ignored', codec: isoDate },
  archived_at: { headers: ['archive_le', 'archived_at'], into: 'stamps', empty: 'ignored', codec: isoDate },
} as const satisfies Record<string, Column>;

export type ImportField = keyof typeof COLUMNS;

/** Notes of a value left out because we do not know it: a warning by default, an error for a strict import (`strict=true`). */
export const LEFT_OUT_WHEN_UNKNOWN: ReadonlySet<string> = new Set(['unknown_color', 'unknown_condition', 'unknown_gender', 'unknown_status']);

// Columns our export writes that an import reads but does not take (computed by the app, never set by hand).
// The French export's names for them too (csv-export-fr.ts).
const COMPUTED = new Set(['possible_duplicate', 'duplicate_of', 'publish_ready', 'missing_fields', 'demo', 'price_history', 'doublon_possible', 'doublon_de', 'pret_a_publier', 'champs_manquants']);

const BY_HEADER = new Map<string, ImportField>();
for (const [field, c] of Object.entries(COLUMNS) as [ImportField, Column][]) for (const h of c.headers) BY_HEADER.set(h, field);

export interface HeaderMap {
  /** Column index → field. */
  columns: (ImportField | null)[];
  unknown: string[];
  duplicates: string[];
}

export function mapHeader(header: string[]): HeaderMap {
  const seen = new Set<ImportField>();
  const columns: (ImportField | null)[] = [];
  const unknown: string[] = [];
  const duplicates: string[] = [];
  for (const h of header) {
    const key = foldKey(h);
    const field = BY_HEADER.get(key) ?? null;
    if (field && seen.has(field)) duplicates.push(h);
    if (field) seen.add(field);
    else if (!COMPUTED.has(key) && key !== '') unknown.push(h);
    columns.push(field);
  }
  return { columns, unknown, duplicates };
}
