import type { OwnerDataHandler } from '../../platform/owner-data.ts';
import { byOwner } from '../../platform/owner-data.ts';

// A person's quotas and what they spent of them (issue 20 point 5): erased with them, never added to a recipient's
// (the recipient's own limits and usage stay as they were).

export function quotasOwnerData(): OwnerDataHandler {
  const erase = async (t: Parameters<OwnerDataHandler['erase']>[0]['t'], owner: string) => {
    const o = byOwner<'quota_usage'>(t);
    await o.deleteFrom('quota_usage').where('owner_id', '=', owner).execute();
    const userid = byOwner<'user_quotas', 'user_id'>(t);
    await userid.deleteFrom('user_quotas').where('user_id', '=', owner).execute();
  };
  return {
    module: 'quotas',
    tables: { quota_usage: 'erase', user_quotas: 'erase' },
    erase: ({ owner, t }) => erase(t, owner),
    transfer: ({ from, t }) => erase(t, from),
  };
}
