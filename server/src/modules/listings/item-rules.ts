import { brandSpelling } from '@vintedbot/catalog';
import type { z } from 'zod';
import type { ItemsTable } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { describeIssue } from '../../platform/http/issues.ts';
import { eurosOrNull } from '../../platform/money.ts';
import { CreateItemSchema, type CreateItemInput, PatchItemSchema, type PatchItemInput } from './listings.schemas.ts';
import type { ItemStatus } from './status-rules.ts';

// One validation for an item, whatever brings it: the API's request schemas are also what the service checks on
// every create and edit (an import, an analysis, a bulk plan write through it), and what a restore checks each
// stored row against. Text fields follow the text rule (control characters removed) through the same schemas.

export interface ItemProblem { field: string; message: string; code?: string; params?: Record<string, unknown> }

const problemsOf = (e: z.ZodError): ItemProblem[] => e.issues.map((i) => {
  const d = describeIssue(i as unknown as Record<string, unknown>);
  return { field: d.path || '(item)', message: i.message, code: d.code, params: d.params };
});

// The same issue shape as a request's validation (platform/http/issues.ts): path, code, params, message.
const invalid = (problems: ItemProblem[]) =>
  new AppError(400, 'validation_failed', `Invalid item: ${problems.slice(0, 5).map((p) => `${p.field} ${p.message}`).join('; ')}`, {
    issues: problems.map((p) => ({ path: p.field, code: p.code ?? 'invalid', params: p.params ?? {}, message: p.message })),
    params: { where: 'item', count: problems.length },
  });

// A known brand written another way ("SEZANE", "levi’s") is stored in that brand's spelling, so the stock's
// filters and figures see one brand. Only the brand a write gives: an edit of another field leaves the stored
// spelling alone (no change the seller did not make and the history would not show).
const withCanonicalBrand = <T extends { brand?: string | null }>(v: T): T => (v.brand ? { ...v, brand: brandSpelling(v.brand) } : v);

/** The input as the API would take it (text cleaned, limits checked, a known brand in its spelling), or a 400 naming every problem. */
export function validItemInput(input: CreateItemInput): CreateItemInput {
  const r = CreateItemSchema.safeParse(input);
  if (!r.success) throw invalid(problemsOf(r.error));
  return withCanonicalBrand(r.data);
}

/** A partial edit as PATCH would take it, or a 400. */
export function validItemPatch(input: PatchItemInput): PatchItemInput {
  const r = PatchItemSchema.safeParse(input);
  if (!r.success) throw invalid(problemsOf(r.error));
  return withCanonicalBrand(r.data);
}

const isDate = (s: string | null) => s === null || (/^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)));

function jsonOf(text: string | null, kind: 'array' | 'object', field: string, out: ItemProblem[]): unknown {
  if (text === null) return null;
  try {
    const v = JSON.parse(text);
    if (kind === 'array' ? Array.isArray(v) : v !== null && typeof v === 'object' && !Array.isArray(v)) return v;
  } catch {
    // reported below
  }
  out.push({ field, message: `must be a JSON ${kind}` });
  return kind === 'array' ? [] : {};
}

/** What a status needs stamped: the status rules stamp each state on entry, so a stored row without its stamp was not made here. */
const STAMP_OF: Partial<Record<ItemStatus, 'listed_at' | 'sold_at' | 'archived_at'>> = { listed: 'listed_at', sold: 'sold_at', archived: 'archived_at' };

/**
 * Everything wrong with an items row as stored (a backup's): its content through the API's item schema (lengths,
 * prices of at least 1 €, the drop rate's range, the suggestion's order, vocabularies), its JSON columns, and its
 * dates (ISO 8601, and the one its status needs). Empty when the row is one the app could have written.
 */
export function storedItemProblems(row: ItemsTable): ItemProblem[] {
  const out: ItemProblem[] = [];
  const colors = jsonOf(row.colors, 'array', 'colors', out);
  const keywords = jsonOf(row.keywords, 'array', 'keywords', out);
  const hashtags = jsonOf(row.hashtags, 'array', 'hashtags', out);
  jsonOf(row.duplicate_of, 'array', 'duplicate_of', out);
  jsonOf(row.missing_fields, 'array', 'missing_fields', out);
  jsonOf(row.extra, 'object', 'extra', out);
  if (row.sale_score_breakdown !== null) jsonOf(row.sale_score_breakdown, 'object', 'sale_score_breakdown', out);
  const suggestion = row.suggestion_target_cents === null && row.suggestion_min_cents === null && row.suggestion_max_cents === null ? null : {
    min: eurosOrNull(row.suggestion_min_cents), target: eurosOrNull(row.suggestion_target_cents), max: eurosOrNull(row.suggestion_max_cents),
    justification: row.suggestion_justification ?? '',
  };
  const input = {
    title: row.title, description: row.description, brand: row.brand, category: row.category, size: row.size, condition: row.condition,
    colors, material: row.material, gender: row.gender, keywords, hashtags, price: eurosOrNull(row.price_cents), price_suggestion: suggestion,
    status: row.status, sold_price: eurosOrNull(row.sold_price_cents), estimated_sale_score: row.estimated_sale_score,
    vinted: row.vinted_listing_id || row.vinted_url ? { listing_id: row.vinted_listing_id, url: row.vinted_url } : null,
    auto_drop: row.auto_drop === 1, drop_rate: row.drop_rate, floor: eurosOrNull(row.floor_cents), publish_opt_in: row.publish_opt_in === 1,
  };
  const r = CreateItemSchema.safeParse(input);
  if (!r.success) out.push(...problemsOf(r.error));
  for (const f of ['created_at', 'updated_at', 'listed_at', 'sold_at', 'archived_at'] as const) {
    if (!isDate(row[f])) out.push({ field: f, message: 'must be an ISO 8601 date' });
  }
  const stamp = STAMP_OF[row.status as ItemStatus];
  if (stamp && row[stamp] === null) out.push({ field: stamp, message: `a ${row.status} item needs its ${stamp}` });
  return out;
}
