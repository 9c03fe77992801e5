import { describe, expect, it } from 'vitest';
import type { Schemas } from '../../api/client.ts';
import { marginOf, purchaseChanges, purchaseFromItem } from './purchase-state.ts';

// The purchase and storage boxes of the item form: what they show for a stored item and what a save sends.

const item = {
  purchase_cost: 4.5, acquired_at: '2026-02-01', source: 'Vide-grenier', sku: 'VB-1', storage_location: 'Boîte 3', status: 'sold', sold_price: 18, price: 20,
} as Schemas['Item'];

describe('purchase and storage boxes', () => {
  it('shows the stored values, the cost the French or English way, unknowns as empty boxes', () => {
    expect(purchaseFromItem(item)).toEqual({ purchase_cost: '4,50', acquired_at: '2026-02-01', source: 'Vide-grenier', sku: 'VB-1', storage_location: 'Boîte 3' });
    expect(purchaseFromItem(item, 'en').purchase_cost).toBe('4.50');
    expect(purchaseFromItem({ ...item, purchase_cost: null, acquired_at: null, source: null, sku: null, storage_location: null })).toEqual({ purchase_cost: '', acquired_at: '', source: '', sku: '', storage_location: '' });
  });

  it('sends only what changed, typed; an emptied box is null; an unreadable cost goes as typed for the API to name it', () => {
    const before = purchaseFromItem(item);
    expect(purchaseChanges(before, before)).toEqual({});
    expect(purchaseChanges({ ...before, purchase_cost: '6,20', storage_location: ' Étagère B ' }, before)).toEqual({ purchase_cost: 6.2, storage_location: 'Étagère B' });
    expect(purchaseChanges({ ...before, source: '', sku: '  ' }, before)).toEqual({ source: null, sku: null });
    expect(purchaseChanges({ ...before, purchase_cost: 'abc' }, before)).toEqual({ purchase_cost: 'abc' });
  });

  it('computes the margin of a sold item only, to the cent', () => {
    expect(marginOf(item)).toBe(13.5);
    expect(marginOf({ ...item, sold_price: 10.1, purchase_cost: 3.3 })).toBe(6.8);
    expect(marginOf({ ...item, status: 'listed' })).toBeNull();
    expect(marginOf({ ...item, purchase_cost: null })).toBeNull();
  });
});
