import type { DuplicatesService } from '../duplicates/index.ts';

export interface ImportDuplicate { item_id: string; reason: 'image' | 'title'; score: number }

/**
 * The duplicate check of imported rows against the active stock: one batch lookup in the duplicates module (photo and
 * title similarity) for all the rows.
 */
export async function findImportDuplicates(
  duplicates: Pick<DuplicatesService, 'findMatchesMany'>,
  inputs: { title: string; brand?: string | null; size?: string | null; photos?: string[] }[],
): Promise<ImportDuplicate[][]> {
  const matches = await duplicates.findMatchesMany(inputs.map((input) => ({ title: input.title, brand: input.brand ?? null, size: input.size ?? null, photoIds: input.photos ?? [] })));
  return matches.map((ms) => ms.map((m) => ({ item_id: m.item_id, reason: m.reason, score: m.score })));
}
