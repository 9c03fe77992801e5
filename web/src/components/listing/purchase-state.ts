import type { Schemas } from '../../api/client.ts';
import { parseEuros, priceText } from './form-state.ts';

type Item = Schemas['Item'];

// What a reseller tracks beside the listing (issue 18, point 1): kept apart from ListingFormState because only a saved
// item has them (a fresh analysis on the new-listing page does not), and saved with the item form's other fields.

/** The purchase and storage boxes as the form holds them (text boxes keep strings). */
export interface PurchaseFormState {
  purchase_cost: string;
  acquired_at: string;
  source: string;
  sku: string;
  storage_location: string;
}

export type PurchasePatch = Partial<{
  purchase_cost: number | null;
  acquired_at: string | null;
  source: string | null;
  sku: string | null;
  storage_location: string | null;
}>;

export function purchaseFromItem(i: Item, lang: 'fr' | 'en' = 'fr'): PurchaseFormState {
  return {
    purchase_cost: priceText(i.purchase_cost, lang),
    acquired_at: i.acquired_at ?? '',
    source: i.source ?? '',
    sku: i.sku ?? '',
    storage_location: i.storage_location ?? '',
  };
}

function toBody(s: PurchaseFormState): Required<PurchasePatch> {
  const orNull = (v: string) => (v.trim() ? v.trim() : null);
  const cost = parseEuros(s.purchase_cost);
  return {
    // Unreadable ("abc") travels as typed so the API's 400 names the field instead of silently clearing it.
    purchase_cost: cost !== null && Number.isNaN(cost) ? (s.purchase_cost.trim() as unknown as number) : cost,
    acquired_at: orNull(s.acquired_at),
    source: orNull(s.source),
    // An emptied SKU is sent as null: the server gives the generated one back (every item keeps a reference).
    sku: orNull(s.sku),
    storage_location: orNull(s.storage_location),
  };
}

/** Only the boxes the seller changed, so a save never overwrites what it did not touch. */
export function purchaseChanges(now: PurchaseFormState, before: PurchaseFormState): PurchasePatch {
  const a = toBody(now);
  const b = toBody(before);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(a) as (keyof PurchasePatch)[]) if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) out[k] = a[k];
  return out as PurchasePatch;
}

/** The margin of a sold item: what it sold for minus what it cost; unknown (null) while either is missing. */
export function marginOf(i: Pick<Item, 'status' | 'sold_price' | 'purchase_cost'>): number | null {
  if (i.status !== 'sold' || i.sold_price === null || i.purchase_cost === null || i.purchase_cost === undefined) return null;
  return Math.round((i.sold_price - i.purchase_cost) * 100) / 100;
}
