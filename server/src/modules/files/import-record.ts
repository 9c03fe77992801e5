import { CreateItemSchema, type CreateItemInput, type PatchItemInput } from '../listings/listings.schemas.ts';
import type { SystemFields } from '../listings/listings.service.ts';
import { CONDITION_INFO, findColour, MAX_COLOURS_PER_ITEM, parseCondition, parseGender, resolveCategory } from '@vintedbot/catalog';
import { UUID_RE } from '../../platform/time.ts';
import { looksLikeFormula, parseEuros, splitList, unprotectCell } from './csv-cells.ts';
import { type ImportField, parseBoolean, parseStatus } from './import-fields.ts';

/** One problem of one row, as the import report lists it. `line` is the line in the file (1 = header). */
export interface RowIssue { line: number; field: string | null; code: string; message: string }

export type EditableField = keyof PatchItemInput;

/** A row ready to write: the item as the API would take it, plus what only an import may carry. */
export interface ImportRecord {
  line: number;
  id?: string;
  input: CreateItemInput;
  /** Fields the source gave (columns present): an update changes only those. */
  present: Set<EditableField>;
  sys: SystemFields;
  /** Status time stamps to keep (our own export, the legacy bot); the create would otherwise stamp "now". */
  stamps?: { listed_at?: string; sold_at?: string; archived_at?: string };
}

const TEXT_FIELDS: ImportField[] = ['title', 'description', 'brand', 'size', 'category', 'material', 'keywords', 'hashtags', 'colors', 'suggestion_justification'];
const FIELD_TO_EDITABLE: Partial<Record<ImportField, EditableField>> = {
  title: 'title', description: 'description', price: 'price', size: 'size', brand: 'brand', condition: 'condition', category: 'category',
  status: 'status', colors: 'colors', material: 'material', gender: 'gender', keywords: 'keywords', hashtags: 'hashtags', photos: 'photos', sold_price: 'sold_price',
  estimated_sale_score: 'estimated_sale_score', floor: 'floor', drop_rate: 'drop_rate', auto_drop: 'auto_drop', publish_opt_in: 'publish_opt_in',
  suggestion_min: 'price_suggestion', suggestion_target: 'price_suggestion', suggestion_max: 'price_suggestion', suggestion_justification: 'price_suggestion',
  vinted_listing_id: 'vinted', vinted_url: 'vinted',
};

const CONDITION_HELP = Object.values(CONDITION_INFO).map((c) => c.fr).join(', ');

/**
 * Turns one CSV row (cells by field) into a record, or the list of what is wrong with it. Every check runs, so
 * the seller sees all the problems of a row at once, each with its column.
 */
export function recordFromCells(cells: Map<ImportField, string>, line: number, warnings: RowIssue[]): { record?: ImportRecord; errors: RowIssue[] } {
  const errors: RowIssue[] = [];
  const err = (field: string | null, code: string, message: string) => errors.push({ line, field, code, message });
  const warn = (field: string | null, code: string, message: string) => warnings.push({ line, field, code, message });

  const v = new Map<ImportField, string>();
  for (const [field, raw] of cells) {
    const { value } = unprotectCell(raw);
    if (TEXT_FIELDS.includes(field) && !unprotectCell(raw).wasProtected && looksLikeFormula(value)) {
      err(field, 'formula_in_cell', `"${value.slice(0, 30)}" would run as a spreadsheet formula; write it without the leading = / @ / sign`);
      continue;
    }
    v.set(field, value.trim());
  }
  const has = (f: ImportField) => cells.has(f);
  const text = (f: ImportField) => v.get(f) ?? '';
  const opt = (f: ImportField) => (text(f) === '' ? null : text(f));

  const input: Record<string, unknown> = {};
  const present = new Set<EditableField>();
  for (const f of cells.keys()) if (FIELD_TO_EDITABLE[f]) present.add(FIELD_TO_EDITABLE[f]!);

  let id: string | undefined;
  if (opt('id')) {
    if (UUID_RE.test(text('id'))) id = text('id').toLowerCase();
    else err('id', 'invalid_id', `"${text('id').slice(0, 40)}" is not an item id (a UUID); leave the column empty for new items`);
  }
  if (!v.has('title') || text('title') === '') {
    if (!errors.some((e) => e.field === 'title')) err('title', 'missing_title', 'The title is empty');
  } else if (text('title').length > 100) err('title', 'title_too_long', `The title has ${text('title').length} characters; Vinted allows 100`);
  else input.title = text('title');

  if (has('description')) input.description = text('description');
  for (const [f, max] of [['brand', 100], ['size', 30], ['material', 200]] as const) {
    if (!has(f)) continue;
    if (text(f).length > max) err(f, `${f}_too_long`, `At most ${max} characters`);
    else input[f] = opt(f);
  }
  const money = (f: ImportField, target: string) => {
    if (!has(f)) return;
    const p = parseEuros(text(f));
    if (!p.ok) err(f, p.code, p.message);
    else input[target] = p.cents === null ? null : p.cents / 100;
  };
  money('price', 'price');
  money('sold_price', 'sold_price');
  money('floor', 'floor');

  if (has('condition') && opt('condition')) {
    const c = parseCondition(text('condition'));
    if (c) input.condition = c;
    else err('condition', 'unknown_condition', `Unknown condition "${text('condition').slice(0, 40)}"; use one of: ${CONDITION_HELP}`);
  } else if (has('condition')) input.condition = null;

  if (has('category') && opt('category')) {
    const cat = resolveCategory(text('category'));
    if (cat) input.category = cat.key;
    else if (text('category').length > 60) err('category', 'category_too_long', 'At most 60 characters');
    else {
      input.category = text('category');
      warn('category', 'unknown_category', `"${text('category')}" is not one of our categories: kept as written, map it before publishing`);
    }
  } else if (has('category')) input.category = null;

  if (has('gender') && opt('gender')) {
    const g = parseGender(text('gender'));
    if (g) input.gender = g;
    else err('gender', 'unknown_gender', `Unknown gender "${text('gender').slice(0, 40)}"; use femme/women, homme/men or enfant/kids, or leave it empty`);
  } else if (has('gender')) input.gender = null;

  if (has('status') && opt('status')) {
    const s = parseStatus(text('status'));
    if (s) input.status = s;
    else err('status', 'unknown_status', `Unknown status "${text('status').slice(0, 40)}"; use brouillon/draft, en vente/listed, vendu/sold or archivé/archived`);
  }

  if (has('colors')) {
    const names = splitList(text('colors'));
    const keys: string[] = [];
    for (const n of names) {
      const c = findColour(n);
      if (c) keys.push(c.key);
      else err('colors', 'unknown_color', `Unknown colour "${n.slice(0, 30)}" (use a Vinted colour: noir, bleu marine, blanc…)`);
    }
    if (keys.length > MAX_COLOURS_PER_ITEM) err('colors', 'too_many_colors', `Vinted allows ${MAX_COLOURS_PER_ITEM} colours, the row has ${keys.length}`);
    input.colors = [...new Set(keys)];
  }
  if (has('keywords')) input.keywords = splitList(text('keywords'));
  if (has('hashtags')) input.hashtags = splitList(text('hashtags')).map((h) => h.replace(/^#+/, '')).filter(Boolean);
  if (has('photos')) input.photos = text('photos').split(/[\s,;|]+/).filter(Boolean);

  if (has('estimated_sale_score') && opt('estimated_sale_score')) {
    const n = Number(text('estimated_sale_score').replace(',', '.'));
    if (Number.isInteger(n) && n >= 0 && n <= 100) input.estimated_sale_score = n;
    else err('estimated_sale_score', 'invalid_sale_score', 'A whole number from 0 to 100');
  }
  if (has('drop_rate') && opt('drop_rate')) {
    const raw = text('drop_rate').replace(',', '.');
    const n = raw.endsWith('%') ? Number(raw.slice(0, -1)) / 100 : Number(raw);
    if (Number.isFinite(n) && n > 0 && n <= 0.5) input.drop_rate = Math.round(n * 10_000) / 10_000;
    else err('drop_rate', 'invalid_drop_rate', 'A daily rate above 0 and at most 0.5 (or 50 %)');
  } else if (has('drop_rate')) input.drop_rate = null;
  for (const f of ['auto_drop', 'publish_opt_in'] as const) {
    if (!has(f) || !opt(f)) continue;
    const b = parseBoolean(text(f));
    if (b === null) err(f, 'invalid_boolean', 'Write oui/non, yes/no, true/false or 1/0');
    else input[f] = b;
  }

  if (has('suggestion_min') || has('suggestion_target') || has('suggestion_max')) {
    const parts = (['suggestion_min', 'suggestion_target', 'suggestion_max'] as const).map((f) => parseEuros(text(f)));
    if (parts.every((p) => p.ok && p.cents === null)) input.price_suggestion = null;
    else if (parts.some((p) => !p.ok || p.cents === null)) err('price_suggestion', 'invalid_price_suggestion', 'The suggested min, target and max go together, each a price');
    else {
      const [min, target, max] = parts.map((p) => (p as { cents: number }).cents);
      if (!(min <= target && target <= max)) err('price_suggestion', 'invalid_price_suggestion', 'min ≤ target ≤ max is required');
      else input.price_suggestion = { min: min / 100, target: target / 100, max: max / 100, justification: text('suggestion_justification') };
    }
  }
  if (has('vinted_listing_id') || has('vinted_url')) {
    input.vinted = opt('vinted_listing_id') || opt('vinted_url') ? { listing_id: opt('vinted_listing_id'), url: opt('vinted_url') } : null;
  }

  const sys: SystemFields = {};
  const stamps: NonNullable<ImportRecord['stamps']> = {};
  for (const f of ['created_at', 'updated_at', 'listed_at', 'sold_at', 'archived_at'] as const) {
    if (!opt(f)) continue;
    const ms = Date.parse(text(f));
    if (Number.isNaN(ms)) {
      err(f, 'invalid_date', `"${text(f).slice(0, 40)}" is not a date (ISO 8601, e.g. 2025-03-01T10:00:00Z)`);
      continue;
    }
    const iso = new Date(ms).toISOString();
    if (f === 'created_at' || f === 'updated_at') sys[f] = iso;
    else stamps[f] = iso;
  }

  if (errors.length) return { errors };
  // The API's own schema has the last word (lengths, counts), so an import accepts exactly what a POST would.
  const parsed = CreateItemSchema.safeParse({ ...input, ...(id ? { id } : {}) });
  if (!parsed.success) {
    for (const i of parsed.error.issues) err(String(i.path[0] ?? '') || null, 'invalid_value', i.message);
    return { errors };
  }
  return { record: { line, id, input: parsed.data, present, sys, ...(Object.keys(stamps).length ? { stamps } : {}) }, errors };
}
