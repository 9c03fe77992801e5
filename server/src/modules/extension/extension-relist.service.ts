import { AppError, notFound } from '../../platform/errors.ts';
import type { Item, ListingsService } from '../listings/index.ts';
import type { PhotosService } from '../photos/index.ts';
import type { DraftFill, ExtensionDraftsService } from './extension-drafts.service.ts';

// Safe relist in the seller's tab (issue 17, point 7): the extension copies a listing as a Vinted draft, the seller
// publishes the copy, the extension checks the copy's page shows it, and only then deletes the old listing. The
// server gives the panel the stock item behind a listing (to fill the copy), and takes the end of the run: either
// the relist done (the item now points at the new listing; its price history says "relisted on Vinted") or where it
// stopped, which changes nothing on the item (the old listing is still the live one).

const relistPhotoUrl = (itemId: string, photoId: string) => `/extension/relists/${itemId}/photos/${photoId}`;

export class ExtensionRelistService {
  constructor(private readonly listings: ListingsService, private readonly photos: PhotosService, private readonly drafts: ExtensionDraftsService) {}

  /** The stock item linked to this live listing; 404 `listing_not_in_stock` when none is. */
  private async linked(listingId: string): Promise<Item> {
    const id = (await this.listings.byVintedListingIds([listingId])).get(listingId);
    const item = id ? await this.listings.get(id) : null;
    if (!item || item.status !== 'listed') {
      throw notFound('listing_not_in_stock', 'No listed stock item is linked to this Vinted listing', { listing_id: listingId });
    }
    return item;
  }

  /** The fields to fill the copy's form with: the stock item's, as a draft's would be, its photos readable by the panel. */
  async source(listingId: string): Promise<DraftFill & { listing_id: string }> {
    const item = await this.linked(listingId);
    const fill = this.drafts.fillOf(item);
    return { ...fill, listing_id: listingId, photos: item.photos.map((p) => ({ id: p.id, url: relistPhotoUrl(item.id, p.id) })) };
  }

  /** A photo of an item on Vinted, for the copy; 404 when it is not that item's or the item is not listed. */
  async photo(itemId: string, photoId: string) {
    const item = await this.listings.get(itemId);
    if (!item.vinted.listing_id || !item.photos.some((p) => p.id === photoId)) throw notFound('photo_not_found', 'This photo is not one of the item\'s', { id: photoId });
    return this.photos.file(photoId, 'preview');
  }

  /** The item must still be on the old listing: a report for another listing (or a stale tab) is refused. */
  private async onListing(itemId: string, listingId: string): Promise<Item> {
    const item = await this.listings.get(itemId);
    if (item.vinted.listing_id !== listingId) {
      throw new AppError(409, 'extension_listing_mismatch', 'This Vinted listing is not the item\'s', { item_id: itemId, listing_id: listingId });
    }
    return item;
  }

  /** The copy is live and the old listing deleted: the item points at the copy. */
  async relisted(itemId: string, oldListingId: string, listing: { listing_id: string; url: string }): Promise<Item> {
    if (listing.listing_id === oldListingId) {
      throw new AppError(409, 'extension_relist_same_listing', 'A relist makes a new listing: its id cannot be the old one', { listing_id: oldListingId });
    }
    if (new URL(listing.url).pathname.replace(/^\/items\/(\d+).*$/, '$1') !== listing.listing_id) {
      throw new AppError(409, 'extension_listing_url_mismatch', 'The listing\'s address is not the one of this listing id', { listing_id: listing.listing_id, url: listing.url });
    }
    const item = await this.onListing(itemId, oldListingId);
    if (item.price === null) throw new AppError(409, 'extension_relist_no_price', 'The item has no price: the copy cannot have been published from it', { item_id: itemId });
    // Two writes: the link (its history entry shows the old listing → the new one, by the extension), then the
    // price history's "relisted on Vinted" at the price the copy was published with (the stock's).
    await this.listings.patch(itemId, { vinted: listing }, 'extension');
    return this.listings.markVintedPrice(itemId, Math.round(item.price * 100), { historyReason: 'relisted_on_vinted' });
  }

  /** The run stopped at `step`: the old listing is untouched, and so is the item; the answer says so. */
  async stopped(itemId: string, oldListingId: string): Promise<Item> {
    return this.onListing(itemId, oldListingId);
  }
}
