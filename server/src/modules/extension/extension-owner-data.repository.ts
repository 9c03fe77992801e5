import type { OwnerDataHandler } from '../../platform/owner-data.ts';
import { eraseOnly } from '../../platform/owner-data.repository.ts';

// A person's paired browser extensions act as them (issue 20 point 5): erased with them, never handed over.

export function extensionOwnerData(): OwnerDataHandler {
  return eraseOnly('extension', { extension_tokens: 'owner_id', extension_pairing_codes: 'owner_id' });
}
