import type { OwnerDataHandler } from '../../platform/owner-data.ts';
import { byOwner } from '../../platform/owner-data.ts';

// A person's history (what happened to their items, issue 20 point 5) follows the items: erased with them, or
// handed to the recipient, whose history page then shows the items' past as it was.

export function historyOwnerData(): OwnerDataHandler {
  return {
    module: 'history',
    tables: { history: 'move' },
    erase: async ({ owner, t }) => void (await byOwner<'history'>(t).deleteFrom('history').where('owner_id', '=', owner).execute()),
    transfer: async ({ from, to, t }) => void (await byOwner<'history'>(t).updateTable('history').set({ owner_id: to }).where('owner_id', '=', from).execute()),
  };
}
