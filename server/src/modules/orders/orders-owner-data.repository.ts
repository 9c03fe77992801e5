import type { OwnerDataHandler } from '../../platform/owner-data.ts';
import type { Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

/** What a transfer reads of an order: its owner and its id on its platform. */
type Orders = { orders: { id: string; owner_id: string; platform: string; external_id: string | null } };
const ordersTrx = (t: Transaction<Database>) => t as unknown as Transaction<Orders>;

// A person's sales (issue 20 point 5): erased with them, or handed to the recipient with the items they sold. An
// order the recipient already recorded (same platform, same order id there: the same sale, imported by both) stays
// the recipient's alone: the giver's copy is dropped rather than counted twice.

export function ordersOwnerData(): OwnerDataHandler {
  return {
    module: 'orders',
    tables: { orders: 'move' },
    erase: async ({ owner, t }) => void (await ordersTrx(t).deleteFrom('orders').where('owner_id', '=', owner).execute()),
    transfer: async ({ from, to, t }) => {
      const o = ordersTrx(t);
      const twice = await o.selectFrom('orders as mine').innerJoin('orders as theirs', (j) => j.onRef('theirs.platform', '=', 'mine.platform').onRef('theirs.external_id', '=', 'mine.external_id'))
        .select('mine.id').where('mine.owner_id', '=', from).where('theirs.owner_id', '=', to).execute();
      for (let i = 0; i < twice.length; i += 500) {
        await o.deleteFrom('orders').where('owner_id', '=', from).where('id', 'in', twice.slice(i, i + 500).map((r) => r.id)).execute();
      }
      await o.updateTable('orders').set({ owner_id: to }).where('owner_id', '=', from).execute();
    },
  };
}
