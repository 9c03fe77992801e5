import { CONDITION_INFO } from '@vintedbot/catalog';
import { notFound } from '../../platform/errors.ts';
import type { Item, ListingsService } from '../listings/index.ts';
import type { PhotosService } from '../photos/index.ts';
import { contentFromItem } from '../vinted/index.ts';

// What the extension reads to fill Vinted's form in the seller's tab: the ready drafts (searchable, with a cover),
// one draft's fields in Vinted's terms (leaf id, condition id, colour ids, package size) and its photos. Drafts
// only: a token that reads drafts does not read the rest of the stock.

export interface DraftCard { id: string; title: string; price: number | null; brand: string | null; size: string | null; cover_url: string | null }

export interface DraftFill {
  id: string;
  title: string;
  description: string;
  brand: string | null;
  size: string | null;
  condition: { key: string; vinted_id: number; fr: string; en: string } | null;
  catalog_id: number | null;
  /** The category's words, for the picker's search when the leaf id is not among the rows (fr, en). */
  category: { key: string; fr: string; en: string } | null;
  colours: { id: number; fr: string; en: string }[];
  price: number | null;
  package_size: 1 | 2 | 3;
  photos: { id: string; url: string }[];
}

const photoUrl = (itemId: string, photoId: string, thumb = false) => `/extension/drafts/${itemId}/photos/${photoId}${thumb ? '?size=thumb' : ''}`;

export class ExtensionDraftsService {
  constructor(private readonly listings: ListingsService, private readonly photos: PhotosService) {}

  async ready(q: string | undefined, limit: number): Promise<DraftCard[]> {
    const out: DraftCard[] = [];
    let cursor: string | undefined;
    // Ready drafts are a subset of the drafts: read pages until enough are found (bounded: 10 pages).
    for (let page = 0; page < 10 && out.length < limit; page++) {
      const r = await this.listings.list({ status: 'draft', q, sort: '-created_at', limit: 100, cursor, include_total: false } as Parameters<ListingsService['list']>[0]);
      for (const i of r.items) {
        if (!i.flags.publish_ready || out.length >= limit) continue;
        out.push({ id: i.id, title: i.title, price: i.price, brand: i.brand, size: i.size, cover_url: i.photos[0] ? photoUrl(i.id, i.photos[0].id, true) : null });
      }
      if (!r.next_cursor) break;
      cursor = r.next_cursor;
    }
    return out;
  }

  private async draft(id: string): Promise<Item> {
    const item = await this.listings.get(id);
    if (item.status !== 'draft') throw notFound('draft_not_found', 'No draft with this id (already listed, sold or archived?)', { id });
    return item;
  }

  async fill(id: string): Promise<DraftFill> {
    return this.fillOf(await this.draft(id));
  }

  /** An item's fields in Vinted's terms (a draft's, or a listed item's for a relist's copy). */
  fillOf(item: Item): DraftFill {
    const c = contentFromItem(item);
    const cond = c.condition ? CONDITION_INFO[c.condition] : null;
    return {
      id: item.id, title: c.title, description: c.description, brand: c.brand, size: c.size,
      condition: cond && c.condition ? { key: c.condition, vinted_id: cond.vintedId, fr: cond.fr, en: cond.en } : null,
      catalog_id: c.catalog_id,
      category: c.category ? { key: c.category.key, fr: c.category.search.fr, en: c.category.search.en } : null,
      colours: c.colours.slice(0, 2).map((x) => ({ id: x.id, fr: x.fr, en: x.en })),
      price: c.price_cents === null ? null : c.price_cents / 100,
      package_size: c.package_size,
      photos: item.photos.map((p) => ({ id: p.id, url: photoUrl(item.id, p.id) })),
    };
  }

  /** A photo of a draft (the preview, or the thumbnail for the panel's list); 404 when it is not that draft's. */
  async photo(itemId: string, photoId: string, thumb: boolean) {
    const item = await this.draft(itemId);
    if (!item.photos.some((p) => p.id === photoId)) throw notFound('photo_not_found', 'This photo is not one of the draft\'s', { id: photoId });
    return this.photos.file(photoId, thumb ? 'thumb' : 'preview');
  }

  /** The seller published the filled form: the draft becomes listed with its Vinted id and link. */
  async listed(itemId: string, listing: { listing_id: string; url: string }): Promise<Item> {
    await this.draft(itemId);
    return this.listings.markListedOnVinted(itemId, listing, 'vinted_extension');
  }
}
