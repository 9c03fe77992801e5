import type { OwnerDataHandler } from '../../platform/owner-data.ts';
import { byOwner } from '../../platform/owner-data.ts';

// A person's webhooks send their events to their addresses (issue 20 point 5): erased with them, not handed over.

export function webhooksOwnerData(): OwnerDataHandler {
  const erase = async (t: Parameters<OwnerDataHandler['erase']>[0]['t'], owner: string) => {
    const o = byOwner<'webhook_deliveries' | 'webhooks'>(t);
    await o.deleteFrom('webhook_deliveries').where('owner_id', '=', owner).execute();
    await o.deleteFrom('webhooks').where('owner_id', '=', owner).execute();
  };
  return {
    module: 'webhooks',
    tables: { webhook_deliveries: 'erase', webhooks: 'erase' },
    erase: ({ owner, t }) => erase(t, owner),
    transfer: ({ from, t }) => erase(t, from),
  };
}
