import type { Transaction } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { OwnerDataHandler } from '../../../platform/owner-data.ts';
import type { SellerMemoryTables } from './seller-memory.tables.ts';

// The seller's memory of a person (issue 20 point 5): the photos of items they confirmed. It is knowledge about
// the stock, so it follows the items: erased with them, or handed to the recipient, whose version is raised so every
// process reloads their memory. The giver's version row goes.

export function sellerMemoryOwnerData(): OwnerDataHandler {
  const trx = (t: Transaction<Database>) => t as unknown as Transaction<SellerMemoryTables>;
  return {
    module: 'analysis',
    tables: { seller_memory: 'move', seller_memory_versions: 'erase' },
    erase: async ({ owner, t }) => {
      await trx(t).deleteFrom('seller_memory').where('owner', '=', owner).execute();
      await trx(t).deleteFrom('seller_memory_versions').where('owner', '=', owner).execute();
    },
    transfer: async (x) => {
      const m = trx(x.t);
      for (const [mine, theirs] of x.merged.get('photo') ?? []) {
        await m.updateTable('seller_memory').set({ photo_id: theirs }).where('owner', '=', x.from).where('photo_id', '=', mine).execute();
      }
      const moved = await m.updateTable('seller_memory').set({ owner: x.to }).where('owner', '=', x.from).executeTakeFirst();
      await m.deleteFrom('seller_memory_versions').where('owner', '=', x.from).execute();
      if (Number(moved.numUpdatedRows) > 0) {
        await m.insertInto('seller_memory_versions').values({ owner: x.to, version: 1 })
          .onConflict((oc) => oc.column('owner').doUpdateSet((eb) => ({ version: eb('seller_memory_versions.version', '+', 1) })))
          .execute();
      }
    },
  };
}
