import type { OwnerDataHandler } from '../../platform/owner-data.ts';
import { byOwner } from '../../platform/owner-data.ts';

// A person's price-drop runs and the price model learned from their own sales (issue 20 point 5): their record and
// their model, erased with them and not handed over (the recipient's nightly training learns from the sales they
// now hold).

export function pricingOwnerData(): OwnerDataHandler {
  const erase = async (t: Parameters<OwnerDataHandler['erase']>[0]['t'], owner: string) => {
    const o = byOwner<'price_drop_runs'>(t);
    await o.deleteFrom('price_drop_runs').where('owner_id', '=', owner).execute();
    const byOwnerCol = byOwner<'price_models', 'owner'>(t);
    await byOwnerCol.deleteFrom('price_models').where('owner', '=', owner).execute();
  };
  return {
    module: 'pricing',
    tables: { price_drop_runs: 'erase', price_models: 'erase' },
    erase: ({ owner, t }) => erase(t, owner),
    transfer: ({ from, t }) => erase(t, from),
  };
}
