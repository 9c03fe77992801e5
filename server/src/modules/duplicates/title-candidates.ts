import { MAX_KEY_WORDS, TITLE_MIN_COVERAGE, TITLE_MIN_SHARED, titleKeys, titleTokens } from './title-similarity.ts';

// Which items a title lookup reads from the title index and which of them are worth comparing: the bounded part of
// the duplicate check, whatever the stock's size.

/**
 * The title keys a lookup asks for and how many an item must share. A match shares at least half the longer title's
 * words, hence at least half of ours (k), hence k(k−1)/2 word pairs: the index finds exactly those items.
 */
export function titlePlan(title: string): { keys: string[]; minShared: number } | null {
  const words = Math.min(titleTokens(title).length, MAX_KEY_WORDS);
  if (words < TITLE_MIN_SHARED) return null;
  const k = Math.max(TITLE_MIN_SHARED, Math.ceil(words * TITLE_MIN_COVERAGE));
  return { keys: titleKeys(title), minShared: (k * (k - 1)) / 2 };
}

// Ranked by word pairs shared, so the article itself comes first; the cap only bounds a pathological lookup.
const MAX_TITLE_CANDIDATES = 50;
/**
 * A key held by more items than this is common (a brand's own words, "lauren|ralph"; a brand with a category): a
 * lookup reads its most recent TITLE_KEY_CAP items only, so a check touches a bounded number of index entries
 * whatever the stock's size. Rare keys (the ones that identify an article) are read whole.
 */
export const TITLE_KEY_CAP = 200;

/**
 * The items worth comparing with one title, from the postings read: those that may share `minShared` keys. A common
 * key's postings were cut to its most recent items, so an item not among them may still hold it: the bound counts
 * every common key as possibly shared. Most shared first, then the most recent (ids are time-ordered).
 */
export function rankTitleCandidates(plan: { keys: string[]; minShared: number }, postings: Map<string, string[]>, exclude?: string): string[] {
  let common = 0;
  const shared = new Map<string, number>();
  for (const k of plan.keys) {
    const ids = postings.get(k) ?? [];
    if (ids.length > TITLE_KEY_CAP) common++;
    for (const id of ids.slice(0, TITLE_KEY_CAP)) if (id !== exclude) shared.set(id, (shared.get(id) ?? 0) + 1);
  }
  return [...shared].filter(([, n]) => n + common >= plan.minShared)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0)).slice(0, MAX_TITLE_CANDIDATES).map(([id]) => id);
}
