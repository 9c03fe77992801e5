import { AppError } from '../../platform/errors.ts';
import { canTransition, type Item, type PatchItemInput } from '../listings/index.ts';
import type { BulkEditAction } from './bulk-edit.schemas.ts';

// What a bulk action does to one item, pure: the patch for the stock and the changes it makes, or the item's own
// refusal (an AppError that becomes that item's result, never the whole call's).

export interface PlannedEdit {
  patch: PatchItemInput;
  changes: Record<string, { from: unknown; to: unknown }>;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const refuse = (code: string, message: string, params: Record<string, unknown>) => new AppError(422, code, message, { params });

export function newPrice(item: Item, action: Extract<BulkEditAction, { type: 'price' }>): number {
  if (action.mode === 'suggestion') {
    const target = item.price_suggestion?.target;
    if (target === undefined || target === null) throw refuse('no_price_suggestion', 'This item has no price suggestion', { id: item.id });
    return target;
  }
  if (action.mode === 'set') return action.value!;
  if (item.price === null) throw refuse('no_price', 'This item has no price to change', { id: item.id });
  return round2(action.mode === 'percent' ? item.price * (1 + action.value! / 100) : item.price + action.value!);
}

/** The change for one item; `description` is the template's text for it (the caller renders it). */
export function planEdit(item: Item, action: BulkEditAction, description?: string): PlannedEdit {
  const change = (field: string, from: unknown, to: unknown, patch: PatchItemInput): PlannedEdit =>
    ({ patch, changes: JSON.stringify(from ?? null) === JSON.stringify(to ?? null) ? {} : { [field]: { from: from ?? null, to: to ?? null } } });
  switch (action.type) {
    case 'price': {
      const price = newPrice(item, action);
      if (price < 1) throw refuse('price_too_low', `The new price would be ${price.toFixed(2)} €, under 1.00 €`, { id: item.id, price });
      if (item.floor !== null && price < item.floor) {
        throw refuse('price_below_floor', `The new price ${price.toFixed(2)} € is under this item's floor (${item.floor.toFixed(2)} €)`, { id: item.id, price, floor: item.floor });
      }
      return change('price', item.price, price, { price });
    }
    case 'status':
      if (!canTransition(item.status, action.status)) {
        throw new AppError(409, 'invalid_status_transition', `An item cannot go from ${item.status} to ${action.status}`, { params: { from: item.status, to: action.status } });
      }
      return change('status', item.status, action.status, { status: action.status });
    case 'condition':
      return change('condition', item.condition, action.condition, { condition: action.condition as PatchItemInput['condition'] });
    case 'template':
      return change('description', item.description, description ?? item.description, { description });
    case 'location':
      return change('storage_location', item.storage_location, action.location || null, { storage_location: action.location || null });
    case 'floor':
      if (action.floor !== null && item.price !== null && action.floor > item.price) {
        throw refuse('floor_above_price', `The floor ${action.floor.toFixed(2)} € is above this item's price (${item.price.toFixed(2)} €)`, { id: item.id, floor: action.floor, price: item.price });
      }
      return change('floor', item.floor, action.floor, { floor: action.floor });
  }
}
