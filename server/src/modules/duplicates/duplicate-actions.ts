import { conflict, notFound } from '../../platform/errors.ts';
import type { Item, ListingsService } from '../listings/index.ts';
import { ACTIVE_STATUSES } from './duplicates.service.ts';

// What the seller decides about a possible duplicate (the dashboard's to-do, GET /duplicates): it is not one (the
// flag goes), or it is the same article as another (merged into it: its photos join the other's, then it is
// archived). Archiving it alone is PATCH /listings/{id} {"status": "archived"}.

/** Vinted's photo limit: a merge never makes an item hold more. */
const MAX_PHOTOS = 20;

export class DuplicateResolutions {
  constructor(private readonly listings: Pick<ListingsService, 'find' | 'markDuplicates' | 'patch' | 'archiveMany' | 'get'>) {}

  /** "Not a duplicate": the item's flag and its links to other items are cleared. */
  async dismiss(id: string): Promise<Item> {
    const item = await this.active(id);
    await this.listings.markDuplicates(item.id, []);
    return this.listings.get(id);
  }

  /**
   * "Same article": `id` is merged into `into`. The photos `into` lacks are added after its own (up to 20), `id` is
   * archived with its flag cleared; `into` keeps its text and price. Answers both items as they are now.
   */
  async merge(id: string, into: string): Promise<{ kept: Item; archived: Item; photos_added: number }> {
    if (id === into) throw conflict('merge_into_itself', 'An item cannot be merged into itself', { id });
    const dup = await this.active(id);
    const target = await this.active(into);
    const have = new Set(target.photos.map((p) => p.id));
    const added = dup.photos.map((p) => p.id).filter((p) => !have.has(p)).slice(0, Math.max(0, MAX_PHOTOS - target.photos.length));
    if (added.length) await this.listings.patch(into, { photos: [...target.photos.map((p) => p.id), ...added] }, 'merged');
    await this.listings.markDuplicates(id, []);
    await this.listings.archiveMany([id], 'merged');
    return { kept: await this.listings.get(into), archived: await this.listings.get(id), photos_added: added.length };
  }

  private async active(id: string): Promise<Item> {
    const item = await this.listings.find(id);
    if (!item) throw notFound('item_not_found', `No item with id ${id}`, { id });
    if (!(ACTIVE_STATUSES as readonly string[]).includes(item.status)) {
      throw conflict('item_not_active', `The item is ${item.status}: only drafts and listed items are checked for duplicates`, { id, status: item.status });
    }
    return item;
  }
}
