import { v5 as uuidv5 } from 'uuid';
import { z } from 'zod';
import { badRequest } from '../../platform/errors.ts';
import { UUID_RE } from '../../platform/time.ts';
import type { HistoryEntry } from '../listings/listings.repository.ts';
import { CreateItemSchema, type PatchItemInput } from '../listings/listings.schemas.ts';
import { parseCondition, resolveCategory } from '@vintedbot/catalog';
import { parseEuros } from './csv-cells.ts';
import { parseStatus } from './import-fields.ts';
import type { ImportRecord, RowIssue } from './import-record.ts';
import { naiveLocalToUtc } from './local-time.ts';

// The Python VintedBot's data/items.json, so its users move over with their stock and price history. Its times
// are naive local datetimes (the seller's TZ); its ids are not always UUIDs, so those get a stable UUID derived
// from them (uuid v5), which makes a second import of the same file update rather than duplicate.
const LEGACY_NAMESPACE = '5b6f4c1e-2f1a-4d8e-9a57-7c1d0e3b9f21';

const num = z.union([z.number(), z.string()]);
const LegacyItemSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).optional(),
  title: z.string().optional(),
  description: z.string().nullish(),
  brand: z.union([z.string(), z.number()]).nullish(),
  category: z.string().nullish(),
  size: z.union([z.string(), z.number()]).nullish(),
  condition: z.union([z.string(), z.number()]).nullish(),
  price: num.nullish(),
  price_suggestion: z.looseObject({ min: num.nullish(), max: num.nullish(), target: num.nullish(), justification: z.string().nullish() }).nullish(),
  price_history: z.array(z.looseObject({ date: z.string().nullish(), old_price: num.nullish(), new_price: num.nullish(), reason: z.string().nullish() })).nullish(),
  keywords: z.array(z.union([z.string(), z.number()])).nullish(),
  image_urls: z.array(z.string()).nullish(),
  image_hash: z.union([z.string(), z.array(z.string())]).nullish(),
  status: z.string().nullish(),
  possible_duplicate: z.union([z.boolean(), z.number()]).nullish(),
  estimated_sale_score: num.nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
});

/** The list of items in the file: an array, `{ "items": [...] }`, or an object keyed by id. */
export function legacyItemsOf(json: unknown): unknown[] {
  if (Array.isArray(json)) return json;
  if (json && typeof json === 'object') {
    const o = json as Record<string, unknown>;
    if (Array.isArray(o.items)) return o.items;
    const values = Object.values(o);
    if (values.length && values.every((v) => v && typeof v === 'object' && !Array.isArray(v))) {
      return Object.entries(o).map(([k, v]) => ({ id: k, ...(v as object) }));
    }
  }
  throw badRequest('legacy_unrecognised', 'This is not a VintedBot items.json: expected a list of items (or {"items": [...]})');
}

export function parseLegacyJson(buf: Buffer): unknown[] {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\uFEFF/, ''));
  } catch (e) {
    throw badRequest('legacy_invalid_json', `items.json is not valid JSON (UTF-8): ${(e as Error).message.slice(0, 200)}`);
  }
  return legacyItemsOf(json);
}

/**
 * Maps the legacy items to import records. `line` in the report is the item's position in the list (1-based).
 * What cannot be mapped exactly is kept rather than lost: the original value goes to `extra.legacy`, with a warning.
 */
export function legacyRecords(items: unknown[], timeZone: string): { records: ImportRecord[]; errors: RowIssue[]; warnings: RowIssue[]; total_rows: number } {
  const records: ImportRecord[] = [];
  const errors: RowIssue[] = [];
  const warnings: RowIssue[] = [];
  items.forEach((raw, i) => {
    const line = i + 1;
    const err = (field: string | null, code: string, message: string) => errors.push({ line, field, code, message });
    const warn = (field: string | null, code: string, message: string) => warnings.push({ line, field, code, message });
    const parsed = LegacyItemSchema.safeParse(raw);
    if (!parsed.success) {
      err(String(parsed.error.issues[0]?.path[0] ?? '') || null, 'invalid_value', parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ').slice(0, 300));
      return;
    }
    const it = parsed.data;
    const legacy: Record<string, unknown> = {};
    const before = errors.length;
    const str = (v: unknown) => (v === null || v === undefined ? null : String(v).trim() || null);

    let id: string | undefined;
    if (it.id !== undefined && String(it.id).trim() !== '') {
      const s = String(it.id).trim();
      id = UUID_RE.test(s) ? s.toLowerCase() : uuidv5(s, LEGACY_NAMESPACE);
      if (id !== s.toLowerCase()) legacy.id = it.id;
    }
    let title = str(it.title) ?? '';
    if (!title) err('title', 'missing_title', 'The item has no title');
    if (title.length > 100) {
      legacy.title = title;
      title = `${title.slice(0, 99).trimEnd()}…`;
      warn('title', 'title_truncated', 'The title was longer than Vinted\'s 100 characters: shortened (the full title is kept in extra.legacy)');
    }
    let description = it.description ?? '';
    if (description.length > 2000) {
      legacy.description = description;
      description = description.slice(0, 2000);
      warn('description', 'description_truncated', 'The description was cut at 2000 characters (the full text is kept in extra.legacy)');
    }
    const euros = (v: unknown, field: string): number | null | undefined => {
      if (v === null || v === undefined || v === '') return null;
      const p = parseEuros(String(v));
      if (!p.ok) {
        err(field, p.code, p.message);
        return undefined;
      }
      return p.cents === null ? null : p.cents / 100;
    };
    const price = euros(typeof it.price === 'number' ? Math.round(it.price * 100) / 100 : it.price, 'price');

    let suggestion: PatchItemInput['price_suggestion'] = null;
    if (it.price_suggestion) {
      const ps = [it.price_suggestion.min, it.price_suggestion.target, it.price_suggestion.max].map((v) => (v === null || v === undefined ? null : parseEuros(String(typeof v === 'number' ? Math.round(v * 100) / 100 : v))));
      if (ps.every((p) => p && p.ok && p.cents !== null)) {
        const [min, target, max] = ps.map((p) => (p as { cents: number }).cents).sort((a, b) => a - b);
        suggestion = { min: min / 100, target: target / 100, max: max / 100, justification: (it.price_suggestion.justification ?? '').slice(0, 2000) };
      } else {
        legacy.price_suggestion = it.price_suggestion;
        warn('price_suggestion', 'price_suggestion_dropped', 'The price suggestion is incomplete or below 1 €: not imported (kept in extra.legacy)');
      }
    }

    const condition = it.condition === null || it.condition === undefined || it.condition === '' ? null : parseCondition(it.condition);
    if (it.condition && !condition) {
      legacy.condition = it.condition;
      warn('condition', 'unknown_condition', `Unknown condition "${String(it.condition).slice(0, 40)}": left empty (kept in extra.legacy)`);
    }
    const cat = it.category ? resolveCategory(it.category) : null;
    if (it.category && !cat) warn('category', 'unknown_category', `"${it.category.slice(0, 40)}" is not one of our categories: kept as written`);
    let status = it.status ? parseStatus(it.status) : 'draft';
    if (!status) {
      legacy.status = it.status;
      warn('status', 'unknown_status', `Unknown status "${String(it.status).slice(0, 40)}": imported as a draft`);
      status = 'draft';
    }
    const at = (v: string | null | undefined, field: string): string | undefined => {
      if (!v) return undefined;
      const iso = naiveLocalToUtc(v, timeZone);
      if (!iso) warn(field, 'invalid_date', `"${v.slice(0, 40)}" is not a date: the import time is used`);
      return iso ?? undefined;
    };
    const createdAt = at(it.created_at, 'created_at');
    const updatedAt = at(it.updated_at, 'updated_at');

    const history: HistoryEntry[] = [];
    for (const [k, h] of (it.price_history ?? []).entries()) {
      const when = h.date ? naiveLocalToUtc(h.date, timeZone) : null;
      const np = h.new_price === null || h.new_price === undefined ? null : parseEuros(String(typeof h.new_price === 'number' ? Math.round(h.new_price * 100) / 100 : h.new_price), { min: 0.01 });
      const op = h.old_price === null || h.old_price === undefined ? null : parseEuros(String(typeof h.old_price === 'number' ? Math.round(h.old_price * 100) / 100 : h.old_price), { min: 0.01 });
      if (!when || !np || !np.ok || np.cents === null || (op && !op.ok)) {
        warn(`price_history.${k}`, 'history_entry_skipped', 'A price-history entry without a valid date or price was left out');
        continue;
      }
      history.push({ at: when, old_price_cents: op && op.ok ? op.cents : null, new_price_cents: np.cents, reason: legacyReason(h.reason), rule: h.reason ? `legacy: ${h.reason.slice(0, 80)}` : null });
    }
    history.sort((a, b) => a.at.localeCompare(b.at));

    let score: number | null = null;
    if (it.estimated_sale_score !== null && it.estimated_sale_score !== undefined && it.estimated_sale_score !== '') {
      const n = Number(it.estimated_sale_score);
      if (Number.isFinite(n)) score = Math.max(0, Math.min(100, Math.round(n > 0 && n <= 1 && !Number.isInteger(n) ? n * 100 : n)));
    }
    if (it.image_urls?.length) legacy.image_urls = it.image_urls;
    if (it.image_hash) legacy.image_hash = it.image_hash;
    if (errors.length > before) return;

    const input = {
      ...(id ? { id } : {}), title, description, brand: str(it.brand)?.slice(0, 100) ?? null, category: cat?.key ?? str(it.category)?.slice(0, 60) ?? null,
      size: str(it.size)?.slice(0, 30) ?? null, condition, price: price ?? null, price_suggestion: suggestion, status, estimated_sale_score: score,
      keywords: [...new Set((it.keywords ?? []).map((k) => String(k).trim().slice(0, 60)).filter(Boolean))].slice(0, 30),
    };
    const checked = CreateItemSchema.safeParse(input);
    if (!checked.success) {
      for (const x of checked.error.issues) err(String(x.path[0] ?? '') || null, 'invalid_value', x.message);
      return;
    }
    const present = new Set(['title', 'description', 'brand', 'category', 'size', 'condition', 'price', 'price_suggestion', 'status', 'estimated_sale_score', 'keywords'] as const);
    records.push({
      line, id, input: checked.data, present,
      sys: {
        ...(createdAt ? { created_at: createdAt } : {}),
        ...(updatedAt || createdAt ? { updated_at: updatedAt ?? createdAt } : {}),
        ...(history.length ? { history } : {}),
        ...(it.possible_duplicate ? { possible_duplicate: true } : {}),
        extra: { imported_from: 'vintedbot-python', ...(Object.keys(legacy).length ? { legacy } : {}) },
      },
      stamps: status === 'sold' ? { sold_at: updatedAt ?? createdAt } : status === 'archived' ? { archived_at: updatedAt ?? createdAt } : undefined,
    });
  });
  return { records, errors, warnings, total_rows: items.length };
}

function legacyReason(r: string | null | undefined): string {
  const k = (r ?? '').toLowerCase();
  if (/auto|drop|baisse|decay|daily/.test(k)) return 'automatic_drop';
  if (/init|creat|first/.test(k)) return 'initial';
  return k ? 'manual' : 'legacy';
}
