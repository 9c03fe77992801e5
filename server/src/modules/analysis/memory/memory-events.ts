import type { EventBus } from '../../../platform/events.ts';
import { ownerScope } from '../../../platform/security/owner-scope.ts';
import type { SellerMemoryService } from './seller-memory.service.ts';

// When an item counts as confirmed by the seller: they edited its category, colours, brand or photos themselves
// (the listings API records such a change as `manual`), they published it (listed) or sold it. Drafts the
// analyser wrote and nobody touched are not confirmations: remembering them would teach the memory its own guesses.
const LABEL_FIELDS = new Set(['category', 'colors', 'brand', 'photos']);
const SELLER = new Set(['manual', 'seller']);

// Each confirmation goes to the memory of the owner whose work emitted the event (issue 20's owner scope).
const asOwner = (owner: string | undefined, fn: () => void) => (owner ? ownerScope.run(owner, fn) : fn());

/** Subscribes the memory to the item events; returns the unsubscribe. */
export function rememberConfirmations(events: EventBus, memory: Pick<SellerMemoryService, 'confirm'>): () => void {
  const offs = [
    events.on('item.updated', (e) => {
      if (e.data.by && SELLER.has(e.data.by) && e.data.fields.some((f) => LABEL_FIELDS.has(f))) asOwner(e.owner, () => void memory.confirm(e.data.item_id, 'seller').catch(() => {}));
    }),
    events.on('item.status_changed', (e) => {
      if (e.data.to === 'listed' || e.data.to === 'sold') asOwner(e.owner, () => void memory.confirm(e.data.item_id, e.data.to === 'listed' ? 'published' : 'sold').catch(() => {}));
    }),
  ];
  return () => offs.forEach((off) => off());
}
