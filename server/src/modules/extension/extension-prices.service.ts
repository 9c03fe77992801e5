import { AppError } from '../../platform/errors.ts';
import type { Item, ListingsService } from '../listings/index.ts';

// Prices that follow the drops, applied by the seller in their own tab: the listings whose price here differs
// from the one Vinted shows (the "Prix à mettre à jour" list, or one listing's page), and the seller's report that
// the new price is now on Vinted, which the item's price history records as "applied on Vinted".

export interface PriceToApply { item_id: string; title: string; listing_id: string; url: string | null; price: number; vinted_price: number; since: string }

export class ExtensionPricesService {
  constructor(private readonly listings: ListingsService) {}

  async pending(listingId?: string): Promise<PriceToApply[]> {
    const rows = await this.listings.pendingVintedPrices(200);
    return rows.filter((r) => !listingId || r.vinted_listing_id === listingId).map((r) => ({
      item_id: r.id, title: r.title, listing_id: r.vinted_listing_id, url: r.vinted_url, price: r.price_cents / 100, vinted_price: r.vinted_price_cents / 100, since: r.updated_at,
    }));
  }

  /** The seller saved the new price on the listing's edit form: Vinted now shows it. */
  async applied(itemId: string, listingId: string, price: number): Promise<Item> {
    const item = await this.listings.get(itemId);
    if (item.vinted.listing_id !== listingId) {
      throw new AppError(409, 'extension_listing_mismatch', 'This Vinted listing is not the item\'s', { item_id: itemId, listing_id: listingId });
    }
    const cents = Math.round(price * 100);
    if (item.price === null || Math.round(item.price * 100) !== cents) {
      throw new AppError(409, 'extension_price_stale', 'The item\'s price changed since the panel read it: apply the current one', { price: item.price });
    }
    return this.listings.markVintedPrice(itemId, cents, { historyReason: 'applied_on_vinted' });
  }
}
