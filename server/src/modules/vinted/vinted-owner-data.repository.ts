import type { OwnerDataHandler } from '../../platform/owner-data.ts';
import { byOwner } from '../../platform/owner-data.ts';

// A person's Vinted side (issue 20 point 5): their Vinted accounts, sessions, pace, queue and log. Theirs alone and
// bound to their Vinted login: erased with them, never handed to someone else.

export function vintedOwnerData(): OwnerDataHandler {
  const erase = async (t: Parameters<OwnerDataHandler['erase']>[0]['t'], owner: string) => {
    const o = byOwner<'vinted_staged_photos' | 'vinted_idempotency' | 'vinted_prepared' | 'vinted_publish_log' | 'vinted_queue' | 'vinted_guard' | 'vinted_session' | 'vinted_accounts'>(t);
    await o.deleteFrom('vinted_staged_photos').where('owner_id', '=', owner).execute();
    await o.deleteFrom('vinted_idempotency').where('owner_id', '=', owner).execute();
    await o.deleteFrom('vinted_prepared').where('owner_id', '=', owner).execute();
    await o.deleteFrom('vinted_publish_log').where('owner_id', '=', owner).execute();
    await o.deleteFrom('vinted_queue').where('owner_id', '=', owner).execute();
    await o.deleteFrom('vinted_guard').where('owner_id', '=', owner).execute();
    await o.deleteFrom('vinted_session').where('owner_id', '=', owner).execute();
    await o.deleteFrom('vinted_accounts').where('owner_id', '=', owner).execute();
  };
  return {
    module: 'vinted',
    tables: { vinted_staged_photos: 'erase', vinted_idempotency: 'erase', vinted_prepared: 'erase', vinted_publish_log: 'erase', vinted_queue: 'erase', vinted_guard: 'erase', vinted_session: 'erase', vinted_accounts: 'erase' },
    erase: ({ owner, t }) => erase(t, owner),
    transfer: ({ from, t }) => erase(t, from),
  };
}
