import type { AppContext } from '../../context.ts';

export interface ImportDuplicate { item_id: string; reason: 'image' | 'title'; score: number }

type Query = { title?: string | null; brand?: string | null; size?: string | null; photoIds?: string[] };
interface DuplicateFinder {
  findMatchesMany(qs: Query[]): Promise<ImportDuplicate[][]>;
}

/**
 * The duplicate check of imported rows against the active stock: one batch lookup in the duplicates module (photo and
 * title similarity) for all the rows. Read structurally, so files do not depend on that module's load order; without
 * it, no match.
 */
export async function findImportDuplicates(
  ctx: AppContext,
  inputs: { title: string; brand?: string | null; size?: string | null; photos?: string[] }[],
): Promise<ImportDuplicate[][]> {
  const finder = (ctx as unknown as { duplicates?: DuplicateFinder }).duplicates;
  if (!finder) return inputs.map(() => []);
  const matches = await finder.findMatchesMany(inputs.map((input) => ({ title: input.title, brand: input.brand ?? null, size: input.size ?? null, photoIds: input.photos ?? [] })));
  return matches.map((ms) => ms.map((m) => ({ item_id: m.item_id, reason: m.reason, score: m.score })));
}
