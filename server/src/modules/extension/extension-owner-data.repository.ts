import type { OwnerDataHandler } from '../../platform/owner-data.ts';
import { byOwner } from '../../platform/owner-data.ts';

// A person's paired browser extensions act as them (issue 20 point 5): erased with them, never handed over.

export function extensionOwnerData(): OwnerDataHandler {
  const erase = async (t: Parameters<OwnerDataHandler['erase']>[0]['t'], owner: string) => {
    const o = byOwner<'extension_tokens' | 'extension_pairing_codes'>(t);
    await o.deleteFrom('extension_tokens').where('owner_id', '=', owner).execute();
    await o.deleteFrom('extension_pairing_codes').where('owner_id', '=', owner).execute();
  };
  return {
    module: 'extension',
    tables: { extension_tokens: 'erase', extension_pairing_codes: 'erase' },
    erase: ({ owner, t }) => erase(t, owner),
    transfer: ({ from, t }) => erase(t, from),
  };
}
