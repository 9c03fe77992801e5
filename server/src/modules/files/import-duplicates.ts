import type { AppContext } from '../../context.ts';

export interface ImportDuplicate { item_id: string; reason: 'image' | 'title'; score: number }

interface DuplicateFinder {
  findMatches(q: { title?: string | null; brand?: string | null; size?: string | null; photoIds?: string[] }): Promise<ImportDuplicate[]>;
}

/**
 * The duplicate check of an imported row: one call to the duplicates module (photo and title similarity against
 * the active stock). Read structurally, so files do not depend on that module's load order; without it, no match.
 */
export async function findImportDuplicates(
  ctx: AppContext,
  input: { title: string; brand?: string | null; size?: string | null; photos?: string[] },
): Promise<ImportDuplicate[]> {
  const finder = (ctx as unknown as { duplicates?: DuplicateFinder }).duplicates;
  if (!finder) return [];
  const matches = await finder.findMatches({ title: input.title, brand: input.brand ?? null, size: input.size ?? null, photoIds: input.photos ?? [] });
  return matches.map((m) => ({ item_id: m.item_id, reason: m.reason, score: m.score }));
}
