import type { EventBus } from '../../platform/events.ts';
import type { DuplicatesService } from '../duplicates/index.ts';
import type { ListingsService } from '../listings/index.ts';
import type { RestoreMode } from './backup-restore.ts';

/**
 * The stock's duplicate check for items a restore added (merge mode: a backup's items beside the stock already here),
 * as for any other draft: the same or near-identical photos, or a close title, flag the restored item
 * (`possible_duplicate`, `duplicate_of`) and print the ⚠️ console line. A replace restore keeps the backup's own flags
 * (its items were checked when they were made). Items the backup already flagged are left as they are. Either way
 * the restored items' photos are given their look-alike vectors in the background (duplicates.embedLater).
 */
export function restoredDuplicateCheck(deps: {
  duplicates: Pick<DuplicatesService, 'findMatchesMany' | 'reconcile' | 'embedLater'>;
  listings: Pick<ListingsService, 'summaries' | 'markDuplicates'>;
  events: EventBus;
}) {
  return async (itemIds: string[], mode: RestoreMode): Promise<void> => {
    // Whatever the mode, the restored photos get their look-alike vectors after the request (from their previews), so
    // a re-cropped copy of one sent later is caught.
    deps.duplicates.embedLater(itemIds);
    if (mode !== 'merge' || itemIds.length === 0) return;
    const restored = new Set(itemIds);
    // The title index learns of the restored rows first (they were written behind its back).
    await deps.duplicates.reconcile();
    for (let i = 0; i < itemIds.length; i += 500) {
      const summaries = (await deps.listings.summaries(itemIds.slice(i, i + 500))).filter((s) => s.possible_duplicate !== 1);
      const answers = await deps.duplicates.findMatchesMany(summaries.map((s) => ({ itemId: s.id })));
      for (const [k, s] of summaries.entries()) {
        // Against the stock as it was: the backup's own items are not each other's duplicates here (they were
        // checked when they were made, and a restore into an empty stock must give the backup back as it was).
        const refs = answers[k].filter((m) => !restored.has(m.item_id)).map(({ item_id, reason, score }) => ({ item_id, reason, score }));
        if (!refs.length) continue;
        await deps.listings.markDuplicates(s.id, refs);
        deps.events.emit('duplicate.detected', { item_id: s.id, title: s.title, matches: refs });
      }
    }
  };
}
