import type { OwnerDataHandler } from '../../platform/owner-data.ts';
import { eraseOnly } from '../../platform/owner-data.repository.ts';

// A person's price-drop runs and the price model learned from their own sales (issue 20 point 5): their record and
// their model, erased with them and not handed over (the recipient's nightly training learns from the sales they
// now hold).

export function pricingOwnerData(): OwnerDataHandler {
  return eraseOnly('pricing', { price_drop_runs: 'owner_id', price_models: 'owner' });
}
