import { v5 as uuidv5 } from 'uuid';
import { z } from 'zod';
import { parseCondition, resolveCategory } from '@vintedbot/catalog';
import { badRequest } from '../../platform/errors.ts';
import { UUID_RE } from '../../platform/time.ts';
import { naiveLocalToUtc } from '../../platform/time-zone.ts';
import { CreateItemSchema, type HistoryEntry, type SystemFields } from '../listings/index.ts';
import { parseEuros } from './csv-cells.ts';
import { boundsOf, decode, elementOf, ITEM, Noted, parseStatus, PRICE_RANGE, refuse } from './import-codecs.ts';
import type { EditableField, ImportRecord, RowIssue } from './import-record.ts';

// The Python VintedBot's data/items.json, so its users move over with their stock and price history. Its times
// are naive local datetimes (the seller's TZ); its ids are not always UUIDs, so those get a stable UUID derived
// from them (uuid v5), which makes a second import of the same file update rather than duplicate.
const LEGACY_NAMESPACE = '5b6f4c1e-2f1a-4d8e-9a57-7c1d0e3b9f21';

const num = z.union([z.number(), z.string()]);
// What the file may hold, checked first: a value of the wrong type refuses its item.
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
type LegacyItem = z.infer<typeof LegacyItemSchema>;

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

const TITLE = boundsOf(ITEM.title);
const DESCRIPTION = boundsOf(ITEM.description);
const JUSTIFICATION = boundsOf(ITEM.price_suggestion.unwrap().unwrap().shape.justification);
const SCORE = boundsOf(ITEM.estimated_sale_score);
const KEYWORDS = boundsOf(ITEM.keywords);
const KEYWORD = boundsOf(elementOf(ITEM.keywords));

const str = (v: unknown) => (v === null || v === undefined ? null : String(v).trim() || null);
const blank = (v: unknown): v is null | undefined | '' => v === null || v === undefined || v === '';
/** A legacy amount as a price: numbers rounded to the cent first (the bot stored floats). */
const eurosOf = (v: string | number, range?: { min: number; max?: number }) => parseEuros(String(typeof v === 'number' ? Math.round(v * 100) / 100 : v), range);
const shortened = (max: number) => (v: unknown) => str(v)?.slice(0, max) ?? null;

/**
 * One key of a legacy item: where its value goes (an item field, by default the key's name; the record's id; a system
 * field; nowhere, only kept in extra.legacy) and the codec from the key's value to it. What does not fit the item
 * schema's limits is shortened or dropped with a warning, the original kept in extra.legacy (a Noted value).
 */
interface LegacyField {
  key: keyof LegacyItem;
  into?: 'id' | 'nowhere' | { sys: keyof SystemFields };
  codec: z.ZodType;
}
const field = <K extends keyof LegacyItem>(key: K, decodeValue: (v: LegacyItem[K], ctx: z.RefinementCtx) => unknown, into?: LegacyField['into']): LegacyField =>
  ({ key, into, codec: z.any().transform((v, ctx) => decodeValue(v as LegacyItem[K], ctx)) });

/** The keys in the order an item is read (the order of its warnings and errors in the report). */
const legacyFields = (timeZone: string): LegacyField[] => {
  const date = (v: string | null | undefined) => {
    if (!v) return undefined;
    return naiveLocalToUtc(v, timeZone) ?? new Noted(undefined, [{ code: 'invalid_date', message: `"${v.slice(0, 40)}" is not a date: the import time is used` }]);
  };
  return [
    field('id', (v) => {
      if (v === undefined || String(v).trim() === '') return undefined;
      const s = String(v).trim();
      const id = UUID_RE.test(s) ? s.toLowerCase() : uuidv5(s, LEGACY_NAMESPACE);
      return id === s.toLowerCase() ? id : new Noted(id, [], v);
    }, 'id'),
    field('title', (v, ctx) => {
      const title = str(v) ?? '';
      if (!title) return refuse(ctx, 'missing_title', 'The item has no title');
      if (title.length <= TITLE.max) return title;
      return new Noted(`${title.slice(0, TITLE.max - 1).trimEnd()}…`, [{ code: 'title_truncated', message: `The title was longer than Vinted's ${TITLE.max} characters: shortened (the full title is kept in extra.legacy)` }], title);
    }),
    field('description', (v) => {
      const description = v ?? '';
      if (description.length <= DESCRIPTION.max) return description;
      return new Noted(description.slice(0, DESCRIPTION.max), [{ code: 'description_truncated', message: `The description was cut at ${DESCRIPTION.max} characters (the full text is kept in extra.legacy)` }], description);
    }),
    field('price', (v, ctx) => {
      if (blank(v)) return null;
      const p = eurosOf(v, PRICE_RANGE);
      return p.ok ? (p.cents === null ? null : p.cents / 100) : refuse(ctx, p.code, p.message);
    }),
    field('price_suggestion', (v) => {
      if (!v) return null;
      const ps = [v.min, v.target, v.max].map((x) => (x === null || x === undefined ? null : eurosOf(x, PRICE_RANGE)));
      if (ps.every((p) => p && p.ok && p.cents !== null)) {
        const [min, target, max] = ps.map((p) => (p as { cents: number }).cents).sort((a, b) => a - b);
        return { min: min / 100, target: target / 100, max: max / 100, justification: (v.justification ?? '').slice(0, JUSTIFICATION.max) };
      }
      return new Noted(null, [{ code: 'price_suggestion_dropped', message: `The price suggestion is incomplete or below ${PRICE_RANGE.min} €: not imported (kept in extra.legacy)` }], v);
    }),
    field('condition', (v) => {
      const condition = blank(v) ? null : parseCondition(v);
      if (!v || condition) return condition;
      return new Noted(null, [{ code: 'unknown_condition', message: `Unknown condition "${String(v).slice(0, 40)}": left empty (kept in extra.legacy)` }], v);
    }),
    field('category', (v) => {
      const known = v ? resolveCategory(v) : null;
      const value = known?.key ?? shortened(boundsOf(ITEM.category).max)(v);
      return v && !known ? new Noted(value, [{ code: 'unknown_category', message: `"${v.slice(0, 40)}" is not one of our categories: kept as written` }]) : value;
    }),
    field('status', (v) => (v ? parseStatus(v) : 'draft')
      ?? new Noted('draft', [{ code: 'unknown_status', message: `Unknown status "${String(v).slice(0, 40)}": imported as a draft` }], v)),
    field('created_at', date, { sys: 'created_at' }),
    field('updated_at', date, { sys: 'updated_at' }),
    field('price_history', (v) => {
      const history: HistoryEntry[] = [];
      const notes: Noted<unknown>['notes'] = [];
      const cents = (x: string | number | null | undefined) => (x === null || x === undefined ? null : eurosOf(x, { min: 0.01 }));
      for (const [k, h] of (v ?? []).entries()) {
        const when = h.date ? naiveLocalToUtc(h.date, timeZone) : null;
        const np = cents(h.new_price);
        const op = cents(h.old_price);
        if (!when || !np || !np.ok || np.cents === null || (op && !op.ok)) {
          notes.push({ field: `price_history.${k}`, code: 'history_entry_skipped', message: 'A price-history entry without a valid date or price was left out' });
          continue;
        }
        history.push({ at: when, old_price_cents: op && op.ok ? op.cents : null, new_price_cents: np.cents, reason: legacyReason(h.reason), rule: h.reason ? `legacy: ${h.reason.slice(0, 80)}` : null });
      }
      history.sort((a, b) => a.at.localeCompare(b.at));
      return new Noted(history.length ? history : undefined, notes);
    }, { sys: 'history' }),
    field('estimated_sale_score', (v) => {
      const n = blank(v) ? NaN : Number(v);
      // The bot wrote either 0–100 or a 0–1 fraction.
      return Number.isFinite(n) ? Math.max(SCORE.min, Math.min(SCORE.max, Math.round(n > 0 && n <= 1 && !Number.isInteger(n) ? n * 100 : n))) : null;
    }),
    field('image_urls', (v) => new Noted(undefined, [], v?.length ? v : undefined), 'nowhere'),
    field('image_hash', (v) => new Noted(undefined, [], v || undefined), 'nowhere'),
    field('brand', shortened(boundsOf(ITEM.brand).max)),
    field('size', shortened(boundsOf(ITEM.size).max)),
    field('keywords', (v) => [...new Set((v ?? []).map((k) => String(k).trim().slice(0, KEYWORD.max)).filter(Boolean))].slice(0, KEYWORDS.max)),
    field('possible_duplicate', (v) => (v ? true : undefined), { sys: 'possible_duplicate' }),
  ];
};

/**
 * Maps the legacy items to import records through the key codecs above, then the item schema. `line` in the report
 * is the item's position in the list (1-based).
 */
export function legacyRecords(items: unknown[], timeZone: string): { records: ImportRecord[]; errors: RowIssue[]; warnings: RowIssue[]; total_rows: number } {
  const fields = legacyFields(timeZone);
  const records: ImportRecord[] = [];
  const errors: RowIssue[] = [];
  const warnings: RowIssue[] = [];
  items.forEach((raw, i) => {
    const line = i + 1;
    const err = (f: string | null, code: string, message: string) => errors.push({ line, field: f, code, message });
    const parsed = LegacyItemSchema.safeParse(raw);
    if (!parsed.success) {
      err(String(parsed.error.issues[0]?.path[0] ?? '') || null, 'invalid_value', parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ').slice(0, 300));
      return;
    }
    const legacy: Record<string, unknown> = {};
    const input: Record<string, unknown> = {};
    const sys: Record<string, unknown> = {};
    let id: string | undefined;
    const before = errors.length;
    for (const f of fields) {
      const r = decode(f.codec, parsed.data[f.key]);
      if (!r.ok) {
        for (const x of r.issues) err(f.key, x.code, x.message);
        continue;
      }
      let value = r.value;
      if (value instanceof Noted) {
        for (const n of value.notes) warnings.push({ line, field: n.field ?? f.key, code: n.code, message: n.message });
        if (value.original !== undefined) legacy[f.key] = value.original;
        value = value.value;
      }
      if (f.into === 'id') id = value as string | undefined;
      else if (typeof f.into === 'object') sys[f.into.sys] = value;
      else if (f.into !== 'nowhere') input[f.key] = value;
    }
    if (errors.length > before) return;

    const checked = CreateItemSchema.safeParse({ ...(id ? { id } : {}), ...input });
    if (!checked.success) {
      for (const x of checked.error.issues) err(String(x.path[0] ?? '') || null, 'invalid_value', x.message);
      return;
    }
    const createdAt = sys.created_at as string | undefined;
    const updatedAt = sys.updated_at as string | undefined;
    const status = checked.data.status;
    records.push({
      line, id, input: checked.data, present: new Set(Object.keys(input) as EditableField[]),
      sys: {
        ...(createdAt ? { created_at: createdAt } : {}),
        ...(updatedAt || createdAt ? { updated_at: updatedAt ?? createdAt } : {}),
        ...(sys.history ? { history: sys.history as HistoryEntry[] } : {}),
        ...(sys.possible_duplicate ? { possible_duplicate: true } : {}),
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
