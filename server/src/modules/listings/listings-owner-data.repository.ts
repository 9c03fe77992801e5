import type { OwnerDataHandler } from '../../platform/owner-data.ts';
import { searchText } from './item-mapper.ts';

// The stock of a person the admin deletes (issue 20 point 5): items, their price history and their photo links are
// erased with them, or handed to the recipient. Item ids stay what they were (nothing else changes: orders, history
// and edits keep pointing at them). Runs inside the deletion's transaction, in a system scope: every statement names
// the owner itself.

/** The giver's SKUs that the recipient already uses get `-2`, `-3`… (the first free one): SKUs are unique per owner. */
export function freeSku(sku: string, taken: Set<string>): string {
  for (let n = 2; ; n++) {
    const candidate = `${sku}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export function listingsOwnerData(): OwnerDataHandler {
  return {
    module: 'listings',
    tables: { items: 'move', price_history: 'move', item_photos: 'move' },
    // The rows pointing at items (price history, photo links, the title index) go with them by cascade.
    erase: async ({ owner, t }) => {
      await t.deleteFrom('item_photos').where('owner_id', '=', owner).execute();
      await t.deleteFrom('price_history').where('owner_id', '=', owner).execute();
      await t.deleteFrom('items').where('owner_id', '=', owner).execute();
    },
    transfer: async (x) => {
      const { from, to, t } = x;
      const clashing = await t.selectFrom('items as mine').innerJoin('items as theirs', (j) => j.onRef('theirs.sku', '=', 'mine.sku'))
        .select(['mine.id', 'mine.sku', 'mine.title', 'mine.brand', 'mine.description', 'mine.storage_location'])
        .where('mine.owner_id', '=', from).where('theirs.owner_id', '=', to).where('mine.sku', 'is not', null)
        .execute();
      if (clashing.length) {
        const taken = new Set((await t.selectFrom('items').select('sku').where('owner_id', 'in', [from, to]).where('sku', 'is not', null).execute()).map((r) => r.sku!));
        for (const item of clashing) {
          const sku = freeSku(item.sku!, taken);
          taken.add(sku);
          await t.updateTable('items').set({ sku, search_text: searchText({ ...item, sku }) }).where('id', '=', item.id).where('owner_id', '=', from).execute();
        }
      }
      // A photo the recipient already has (same bytes) is theirs now: the giver's items show the recipient's row.
      for (const [mine, theirs] of x.merged.get('photo') ?? []) {
        await t.updateTable('item_photos').set({ photo_id: theirs }).where('owner_id', '=', from).where('photo_id', '=', mine).execute();
      }
      await t.updateTable('items').set({ owner_id: to }).where('owner_id', '=', from).execute();
      await t.updateTable('price_history').set({ owner_id: to }).where('owner_id', '=', from).execute();
      await t.updateTable('item_photos').set({ owner_id: to }).where('owner_id', '=', from).execute();
    },
  };
}
