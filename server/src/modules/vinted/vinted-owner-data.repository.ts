import type { OwnerDataHandler } from '../../platform/owner-data.ts';
import { eraseOnly } from '../../platform/owner-data.repository.ts';

// A person's Vinted side (issue 20 point 5): their Vinted accounts, sessions, pace, queue and log. Theirs alone and
// bound to their Vinted login: erased with them, never handed to someone else.

export function vintedOwnerData(): OwnerDataHandler {
  return eraseOnly('vinted', {
    vinted_staged_photos: 'owner_id', vinted_idempotency: 'owner_id', vinted_prepared: 'owner_id', vinted_publish_log: 'owner_id',
    vinted_queue: 'owner_id', vinted_guard: 'owner_id', vinted_session: 'owner_id', vinted_accounts: 'owner_id',
  });
}
