// The bulk job's check against the stock: which batch photos an active item (draft, listed) already shows, the
// same file or a near-identical photo, by the duplicates module's index (the rule single listings use).
import type { DuplicatesService } from '../duplicates/index.ts';
import type { ListingsService } from '../listings/index.ts';
import type { StockPhotoCheck, StockPhotoMatch } from './pipeline/pipeline-context.ts';

export function stockPhotoCheck(duplicates: Pick<DuplicatesService, 'findMatchesMany'>, listings: Pick<ListingsService, 'summaries'>): StockPhotoCheck {
  return async (photos) => {
    const found = new Map<string, Omit<StockPhotoMatch, 'title'>>();
    for (let i = 0; i < photos.length; i += 200) {
      const chunk = photos.slice(i, i + 200);
      const answers = await duplicates.findMatchesMany(chunk.map((p) => ({ photos: [{ sha256: p.sha256, phash: p.phash, colour_signature: p.colourLayout }] })));
      chunk.forEach((p, k) => {
        const m = answers[k].find((x) => x.reason === 'image');
        if (m) found.set(p.id, { item_id: m.item_id, hash_distance: m.evidence.hash_distance ?? 0 });
      });
    }
    const titles = new Map((await listings.summaries([...new Set([...found.values()].map((m) => m.item_id))])).map((s) => [s.id, s.title]));
    return new Map([...found].map(([id, m]) => [id, { ...m, title: titles.get(m.item_id) ?? m.item_id }]));
  };
}
