import type { OwnerDataHandler } from '../../platform/owner-data.ts';
import { byOwner } from '../../platform/owner-data.ts';

// The look-alike vectors of a person's photos (issue 20 point 5) follow the photos: erased, or handed over. The
// vector of a photo that merges into the recipient's row goes with the giver's row (by cascade); the title index is
// keyed by item and follows the items by itself.

export function duplicatesOwnerData(): OwnerDataHandler {
  return {
    module: 'duplicates',
    tables: { photo_embeddings: 'move' },
    erase: async ({ owner, t }) => void (await byOwner<'photo_embeddings'>(t).deleteFrom('photo_embeddings').where('owner_id', '=', owner).execute()),
    transfer: async ({ from, to, t }) => void (await byOwner<'photo_embeddings'>(t).updateTable('photo_embeddings').set({ owner_id: to }).where('owner_id', '=', from).execute()),
  };
}
