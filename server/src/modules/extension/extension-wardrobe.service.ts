import type { DuplicatesService } from '../duplicates/index.ts';
import type { ListingsService } from '../listings/index.ts';
import type { PhotosService } from '../photos/index.ts';

// "Importer mes annonces": one listing of the seller's own wardrobe, as the member page shows it, becomes a stock
// item or is linked to the one it already is. Never a second item for one listing: first the Vinted id (an item
// already linked to it), then the stock's duplicate check (the same photo, or the very same title, on an item
// not linked to another listing); only then a new item, with the listing's photos taken in by the photos service.

export type WardrobeStatus = 'active' | 'reserved' | 'hidden' | 'sold';

export interface WardrobeListing {
  listing_id: string;
  url: string;
  title: string;
  price: number | null;
  status: WardrobeStatus;
  /** The photos as the page shows them, read by the extension in the seller's tab. */
  photos: { mime: string; base64: string }[];
}

export type WardrobeOutcome = 'created' | 'linked' | 'already_linked' | 'skipped_sold';
export interface WardrobeResult { listing_id: string; outcome: WardrobeOutcome; item_id: string | null; photos: number }

/** How alike a photo must be to be the same article (1 = the same picture); see duplicates' image matching. */
const SAME_PHOTO = 0.95;

export class ExtensionWardrobeService {
  constructor(
    private readonly listings: ListingsService,
    private readonly photos: PhotosService,
    private readonly duplicates: DuplicatesService,
  ) {}

  async importListing(l: WardrobeListing): Promise<WardrobeResult> {
    const known = (await this.listings.byVintedListingIds([l.listing_id])).get(l.listing_id);
    if (known) return { listing_id: l.listing_id, outcome: 'already_linked', item_id: known, photos: 0 };
    // A sold listing comes back as a sale (its order), not as stock to sell.
    if (l.status === 'sold') return { listing_id: l.listing_id, outcome: 'skipped_sold', item_id: null, photos: 0 };

    const ingested = l.photos.length
      ? await this.photos.ingestFiles(l.photos.map((p, i) => ({ buffer: Buffer.from(p.base64, 'base64'), filename: `vinted-${l.listing_id}-${i + 1}.${p.mime.split('/')[1] ?? 'jpg'}` })))
      : [];
    const match = await this.sameArticle(l.title, ingested);
    const vinted = { listing_id: l.listing_id, url: l.url };
    if (match) {
      const item = await this.listings.get(match);
      if (item.status === 'draft') await this.listings.markListedOnVinted(match, vinted, 'vinted_extension');
      else await this.listings.patch(match, { vinted }, 'vinted_extension');
      return { listing_id: l.listing_id, outcome: 'linked', item_id: match, photos: 0 };
    }
    const item = await this.listings.create({
      title: l.title, ...(l.price !== null ? { price: l.price } : {}), status: 'listed', vinted,
      photos: ingested.map((p) => p.id),
    });
    return { listing_id: l.listing_id, outcome: 'created', item_id: item.id, photos: ingested.length };
  }

  /** A stock item that is this listing: the same photo, or exactly the same title, and not linked to another listing. */
  private async sameArticle(title: string, photos: { sha256: string; phash: string; colour_signature: string }[]): Promise<string | null> {
    const matches = await this.duplicates.findMatches({ photos, title });
    const strong = matches.filter((m) => (m.reason === 'image' ? m.score >= SAME_PHOTO : m.score >= 1));
    if (!strong.length) return null;
    const ids = strong.map((m) => m.item_id);
    const summaries = new Map((await this.listings.summaries(ids)).map((s) => [s.id, s]));
    for (const id of ids) {
      const s = summaries.get(id);
      if (!s || (s.status !== 'draft' && s.status !== 'listed')) continue;
      const item = await this.listings.get(id);
      if (!item.vinted.listing_id) return id;
    }
    return null;
  }
}
