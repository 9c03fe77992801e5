import { z } from 'zod';
import { CreateItemSchema } from '../listings/index.ts';
import { foldKey, parseEuros } from './csv-cells.ts';

// Building blocks of the import codecs (CSV columns, legacy items.json keys): each turns what a file holds into a
// field of the item. Errors are zod issues carrying our error code; the item's own limits are read from the item
// schema (CreateItemSchema), never written here again, so an import accepts what the API accepts.

/** The item schema's fields, whose rules the codecs reuse. */
export const ITEM = CreateItemSchema.shape;

/** A value kept with a note for the report (a warning), and the source's original when it is kept in extra.legacy. */
export class Noted<T> {
  constructor(
    readonly value: T,
    readonly notes: { code: string; message: string; field?: string; params?: Record<string, unknown> }[],
    readonly original?: unknown,
  ) {}
}

/** A problem for the report: our code, the English message, and the values the web app words it with (`params`). */
export interface CodecIssue { code: string; message: string; params?: Record<string, unknown> }

/** Notes a problem of the value being decoded, with our error code and its parameters (zod's `params` carry them to the report). */
export function flag(ctx: z.RefinementCtx, code: string, message: string, params?: Record<string, unknown>): void {
  ctx.addIssue({ code: 'custom', message, params: { code, ...(params ? { params } : {}) } });
}

/** Refuses the value being decoded with our error code. */
export function refuse(ctx: z.RefinementCtx, code: string, message: string, params?: Record<string, unknown>): never {
  flag(ctx, code, message, params);
  return z.NEVER as never;
}

/** Runs a codec: its value, or every problem with our codes (an issue without one is reported as invalid_value). */
export function decode<T>(codec: z.ZodType<T>, input: unknown): { ok: true; value: T } | { ok: false; issues: CodecIssue[] } {
  const r = codec.safeParse(input);
  if (r.success) return { ok: true, value: r.data };
  return {
    ok: false,
    issues: r.error.issues.map((i) => {
      const p = (i as { params?: { code?: string; params?: Record<string, unknown> } }).params;
      return { code: String(p?.code ?? 'invalid_value'), message: i.message, ...(p?.params ? { params: p.params } : {}) };
    }),
  };
}

type Wrapped = z.ZodType & { unwrap?: () => z.ZodType };
/** The schema inside optional, nullable and default wrappers (a list stays a list). */
function unwrapped(field: z.ZodType): z.ZodType {
  let s = field as Wrapped;
  while (!(s instanceof z.ZodArray) && typeof s.unwrap === 'function') s = s.unwrap() as Wrapped;
  return s;
}

/** The bounds an item field's schema sets: a text's or a list's length, a number's value. */
export function boundsOf(field: z.ZodType): { min: number; max: number } {
  const s = unwrapped(field);
  if (s instanceof z.ZodString) return { min: s.minLength ?? 0, max: s.maxLength ?? Infinity };
  if (s instanceof z.ZodNumber) return { min: s.minValue ?? -Infinity, max: s.maxValue ?? Infinity };
  if (s instanceof z.ZodArray) {
    const checks = (s._zod.def.checks ?? []).map((c) => c._zod.def as { check: string; minimum?: number; maximum?: number });
    return { min: checks.find((c) => c.check === 'min_length')?.minimum ?? 0, max: checks.find((c) => c.check === 'max_length')?.maximum ?? Infinity };
  }
  throw new Error('boundsOf: a text, a number or a list was expected');
}

/** The element schema of an item list field (keywords, hashtags). */
export const elementOf = (field: z.ZodType): z.ZodType => (unwrapped(field) as unknown as z.ZodArray).element as z.ZodType;

/**
 * A transform checking the value against the item field's schema, its problems renamed for the report (`name` gets
 * zod's issue and the value): the field's rule stays in the item schema, the import only says it in the seller's words.
 */
export function checkedBy<T>(field: z.ZodType<T>, name: (issue: z.core.$ZodIssue, value: unknown) => CodecIssue) {
  return (v: unknown, ctx: z.RefinementCtx): T => {
    const r = field.safeParse(v);
    if (r.success) return r.data;
    const first = name(r.error.issues[0], v);
    return refuse(ctx, first.code, first.message, first.params);
  };
}

/** A seller's word for a value of our vocabulary (condition, gender, status…), or `code`. */
export function vocabulary<T>(parse: (word: string) => T | null, code: string, message: (word: string) => string) {
  return z.string().transform((s, ctx) => parse(s) ?? refuse(ctx, code, message(s), { value: s.slice(0, 60) }));
}

/**
 * The same, but a word we do not know leaves the field out with a note (`code`, the word in `params.value`): the row
 * is imported without it, unless the seller asked for a strict import (the note is then an error).
 */
export function lenientVocabulary<T>(parse: (word: string) => T | null, code: string, message: (word: string) => string) {
  return z.string().transform((s) => parse(s) ?? new Noted<T | undefined>(undefined, [{ code, message: message(s), params: { value: s.slice(0, 60) } }]));
}

/** The range of a price (the item schema's euros): parseEuros checks it. */
export const PRICE_RANGE = boundsOf(ITEM.price);

/** A price as sellers write it (12,50 / 12.50 €), in euros; empty is no price. */
export const euros = z.string().transform((s, ctx) => {
  const p = parseEuros(s, PRICE_RANGE);
  return p.ok ? (p.cents === null ? null : p.cents / 100) : refuse(ctx, p.code, p.message, { value: s.slice(0, 40), min: PRICE_RANGE.min, max: PRICE_RANGE.max });
});

const STATUS_WORDS: Record<string, 'draft' | 'listed' | 'sold' | 'archived'> = {
  draft: 'draft', brouillon: 'draft',
  listed: 'listed', published: 'listed', active: 'listed', online: 'listed', en_vente: 'listed', en_ligne: 'listed', publie: 'listed', a_vendre: 'listed',
  sold: 'sold', vendu: 'sold', vendue: 'sold',
  archived: 'archived', archive: 'archived', archivee: 'archived', retire: 'archived',
};

export function parseStatus(raw: string): 'draft' | 'listed' | 'sold' | 'archived' | null {
  return STATUS_WORDS[foldKey(raw)] ?? null;
}

export function parseBoolean(raw: string): boolean | null {
  const k = foldKey(raw);
  if (['1', 'true', 'oui', 'yes', 'vrai', 'on', 'y', 'o'].includes(k)) return true;
  if (['0', 'false', 'non', 'no', 'faux', 'off', 'n'].includes(k)) return false;
  return null;
}
