import type { OwnerDataHandler } from '../../platform/owner-data.ts';
import { byOwner } from '../../platform/owner-data.ts';

// A person's bulk imports (issue 20 point 5): work in progress, theirs alone, erased with them and not handed over
// (what an import created is stock and moves with the items). Their upload folders are named by job id: the
// start-up sweep of leftovers removes the folders whose job no longer exists.

export function bulkOwnerData(): OwnerDataHandler {
  const erase = async (t: Parameters<OwnerDataHandler['erase']>[0]['t'], owner: string) => {
    const o = byOwner<'bulk_results' | 'bulk_plans' | 'bulk_log' | 'bulk_clusters' | 'bulk_photos' | 'bulk_jobs'>(t);
    await o.deleteFrom('bulk_results').where('owner_id', '=', owner).execute();
    await o.deleteFrom('bulk_plans').where('owner_id', '=', owner).execute();
    await o.deleteFrom('bulk_log').where('owner_id', '=', owner).execute();
    await o.deleteFrom('bulk_clusters').where('owner_id', '=', owner).execute();
    await o.deleteFrom('bulk_photos').where('owner_id', '=', owner).execute();
    await o.deleteFrom('bulk_jobs').where('owner_id', '=', owner).execute();
  };
  return {
    module: 'bulk',
    tables: { bulk_results: 'erase', bulk_plans: 'erase', bulk_log: 'erase', bulk_clusters: 'erase', bulk_photos: 'erase', bulk_jobs: 'erase' },
    erase: ({ owner, t }) => erase(t, owner),
    transfer: ({ from, t }) => erase(t, from),
  };
}
