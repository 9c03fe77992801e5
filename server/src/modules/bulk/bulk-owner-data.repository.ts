import type { OwnerDataHandler } from '../../platform/owner-data.ts';
import { eraseOnly } from '../../platform/owner-data.repository.ts';

// A person's bulk imports (issue 20 point 5): work in progress, theirs alone, erased with them and not handed over
// (what an import created is stock and moves with the items). Their upload folders are named by job id: the
// start-up sweep of leftovers removes the folders whose job no longer exists.

export function bulkOwnerData(): OwnerDataHandler {
  return eraseOnly('bulk', {
    bulk_results: 'owner_id', bulk_plans: 'owner_id', bulk_log: 'owner_id', bulk_clusters: 'owner_id', bulk_photos: 'owner_id', bulk_jobs: 'owner_id',
  });
}
