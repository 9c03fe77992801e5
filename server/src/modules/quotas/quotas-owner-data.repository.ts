import type { OwnerDataHandler } from '../../platform/owner-data.ts';
import { eraseOnly } from '../../platform/owner-data.repository.ts';

// A person's quotas and what they spent of them (issue 20 point 5): erased with them, never added to a recipient's
// (the recipient's own limits and usage stay as they were).

export function quotasOwnerData(): OwnerDataHandler {
  return eraseOnly('quotas', { quota_usage: 'owner_id', user_quotas: 'user_id' });
}
