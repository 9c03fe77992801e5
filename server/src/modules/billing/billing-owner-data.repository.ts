import type { OwnerDataHandler } from '../../platform/owner-data.ts';
import type { BillingService } from './billing.service.ts';
import { billingTrx } from './billing.tables.ts';

// A person's billing (issue 20 point 5): their Stripe customer and subscription state are theirs alone, erased with
// them and never handed over. The record of Stripe events seen stays (it is what makes a repeated delivery change
// nothing) but no longer names the person. The subscription itself lives at Stripe: it is cancelled there before
// anything is deleted, and a Stripe that refuses stops the deletion.

export function billingOwnerData(billing: BillingService): OwnerDataHandler {
  const erase = async (t: Parameters<OwnerDataHandler['erase']>[0]['t'], owner: string) => {
    await billingTrx(t).deleteFrom('billing_accounts').where('owner_id', '=', owner).execute();
    await billingTrx(t).updateTable('billing_events').set({ user_id: null }).where('user_id', '=', owner).execute();
  };
  return {
    module: 'billing',
    tables: { billing_accounts: 'erase' },
    erase: ({ owner, t }) => erase(t, owner),
    transfer: ({ from, t }) => erase(t, from),
    settle: (owner) => billing.cancelForDeletion(owner),
  };
}
