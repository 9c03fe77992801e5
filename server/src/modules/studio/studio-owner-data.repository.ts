import type { Transaction } from 'kysely';
import type { OwnerDataHandler } from '../../platform/owner-data.ts';

// A person's photo edits (issue 20 point 5) follow the photos: erased with them, or handed to the recipient. An edit
// of a photo that merges into the recipient's own row (same bytes) moves to that row, unless the recipient already
// edited it: then the recipient's edit stays (one edit per photo). The rendered files are named by content and stay
// reachable; the renderings nobody asks for again are only cache.

type Edits = { photo_edits: { photo_id: string; owner_id: string } };

export function studioOwnerData(): OwnerDataHandler {
  return {
    module: 'studio',
    tables: { photo_edits: 'move' },
    erase: async ({ owner, t }) => void (await (t as unknown as Transaction<Edits>).deleteFrom('photo_edits').where('owner_id', '=', owner).execute()),
    transfer: async (x) => {
      const e = x.t as unknown as Transaction<Edits>;
      for (const [mine, theirs] of x.merged.get('photo') ?? []) {
        const taken = await e.selectFrom('photo_edits').select('photo_id').where('photo_id', '=', theirs).executeTakeFirst();
        if (taken) await e.deleteFrom('photo_edits').where('owner_id', '=', x.from).where('photo_id', '=', mine).execute();
        else await e.updateTable('photo_edits').set({ photo_id: theirs }).where('owner_id', '=', x.from).where('photo_id', '=', mine).execute();
      }
      await e.updateTable('photo_edits').set({ owner_id: x.to }).where('owner_id', '=', x.from).execute();
    },
  };
}
