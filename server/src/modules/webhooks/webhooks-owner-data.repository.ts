import type { OwnerDataHandler } from '../../platform/owner-data.ts';
import { eraseOnly } from '../../platform/owner-data.repository.ts';

// A person's webhooks send their events to their addresses (issue 20 point 5): erased with them, not handed over.

export function webhooksOwnerData(): OwnerDataHandler {
  return eraseOnly('webhooks', { webhook_deliveries: 'owner_id', webhooks: 'owner_id' });
}
