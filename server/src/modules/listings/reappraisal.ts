import type { ItemsTable } from '../../platform/db/schema.ts';
import { mergeInput } from './item-input.ts';
import type { CreateItemInput, PatchItemInput } from './listings.schemas.ts';
import type { ItemStatus } from './status-rules.ts';

// An edit re-appraises what the analysis derived from the item's facts: the suggested price (and the sentence that
// explains it) and the sale score. Without this a seller who names the brand the analysis missed keeps reading
// "Catégorie inconnue, marque inconnue" under the price, and a price raised to twice the suggestion keeps its score.
// The analysis computes them (listings cannot import it); this file decides when, and never touches the price.

/** A suggested price in the item's shape (euros): what the analysis answers when asked to re-price an item. */
export type SuggestedPrice = NonNullable<CreateItemInput['price_suggestion']>;

/**
 * How the analysis re-appraises an item the seller edited, from the item as it will be saved: its suggested price
 * (with the stored analysis details, `extra`, for the defects) and its sale score (with the stored breakdown, for
 * what an edit does not re-measure: the photos' quality).
 */
export interface ItemAppraiser {
  suggest(item: CreateItemInput, stored: { extra: string; photoCount: number }): SuggestedPrice | null;
  score(item: CreateItemInput, stored: { breakdown: string; photoCount: number }): { score: number; breakdown: unknown } | null;
}

/** The fields the suggested price is computed from: changing one makes the stored suggestion and its explanation stale. */
const PRICED_FIELDS = ['category', 'brand', 'condition', 'size', 'gender', 'colors'] as const;
/** And the score's: those, the price against the suggestion (the photos' number is checked apart). */
const SCORED_FIELDS = [...PRICED_FIELDS, 'price', 'price_suggestion'] as const;

/** Whether a partial edit gives field `k` a value other than the stored one. */
const changes = (input: PatchItemInput, before: CreateItemInput, k: keyof PatchItemInput & keyof CreateItemInput) =>
  input[k] !== undefined && JSON.stringify(input[k] ?? null) !== JSON.stringify(before[k] ?? null);

export interface EditToAppraise {
  current: ItemsTable;
  input: PatchItemInput;
  /** The item as it will be saved; the new suggestion and score are written into it. */
  merged: CreateItemInput;
  photoCount: number;
  to: ItemStatus;
}

/**
 * Re-prices and re-scores `e.merged` when the edit changed what they were computed from. Only an item the analysis
 * appraised (it has a suggestion, a scored breakdown), still for sale (a sold item's figures are its record), and
 * only what the edit does not set itself (an import's row, a restore). Returns what changed.
 */
export function reappraise(appraiser: ItemAppraiser | null, e: EditToAppraise) {
  if (!appraiser || e.to === 'sold' || e.to === 'archived') return { repriced: null, rescored: null };
  const before = mergeInput(e.current, {});
  const repriced = resuggest(appraiser, e, before);
  if (repriced) e.merged.price_suggestion = repriced;
  const rescored = rescore(appraiser, e, before);
  if (rescored) e.merged.estimated_sale_score = rescored.score;
  return { repriced, rescored };
}

function resuggest(appraiser: ItemAppraiser, { current, input, merged, photoCount }: EditToAppraise, before: CreateItemInput): SuggestedPrice | null {
  if (input.price_suggestion !== undefined || current.suggestion_target_cents === null) return null;
  if (!PRICED_FIELDS.some((k) => changes(input, before, k))) return null;
  const next = appraiser.suggest(merged, { extra: current.extra, photoCount });
  if (!next) return null;
  const same = before.price_suggestion && (['min', 'target', 'max', 'justification'] as const).every((k) => before.price_suggestion![k] === next[k]);
  return same ? null : next;
}

function rescore(appraiser: ItemAppraiser, { current, input, merged, photoCount }: EditToAppraise, before: CreateItemInput) {
  if (input.estimated_sale_score !== undefined || current.estimated_sale_score === null || current.sale_score_breakdown === null || !merged.price_suggestion) return null;
  const edit = { ...input, price_suggestion: merged.price_suggestion };
  if (!SCORED_FIELDS.some((k) => changes(edit, before, k)) && !input.photos) return null;
  const next = appraiser.score(merged, { breakdown: current.sale_score_breakdown, photoCount });
  return next && next.score !== current.estimated_sale_score ? next : null;
}
