import { brandKey, exactKnownBrand } from '@vintedbot/catalog';

// Sell-through by brand: the database groups by the stored spelling (few hundred values, read off the brand index),
// and this folds those spellings into one group per brand. Folding in SQL is not portable: SQLite's lower() leaves
// accents and non-ASCII capitals alone, so "Sézane", "SÉZANE" and "Sezane" would stay apart there.

/** One stored spelling: its SQL grouping key (coalesce(lower(brand), '')), the spelling itself, and how many items carry it. */
export interface Spelling { sqlKey: string; brand: string; items: number }

/** A brand's group: its folded key, the name shown, and the SQL keys whose rows it gathers. */
export interface BrandGroup { key: string; label: string; sqlKeys: string[] }

/**
 * The group key of a stored brand: a known brand's own folded name (so its aliases, "Levis" and "Levi Strauss",
 * join it), else the folded spelling; a spelling that folds to nothing (punctuation only) keeps its lower case
 * rather than joining the items without a brand.
 */
export function brandGroupKey(brand: string): string {
  const known = exactKnownBrand(brand);
  if (known) return brandKey(known.name);
  return brandKey(brand) || brand.trim().toLowerCase();
}

/**
 * Folds spellings into brand groups, by SQL key. The label is the known brand's name when there is one, else the
 * spelling most of the seller's items carry (ties: the first in code-point order, as `min()` chose before).
 */
export function foldBrands(spellings: readonly Spelling[]): Map<string, BrandGroup> {
  const tally = new Map<string, { sqlKeys: Set<string>; counts: Map<string, number> }>();
  for (const s of spellings) {
    const key = brandGroupKey(s.brand);
    const t = tally.get(key) ?? { sqlKeys: new Set<string>(), counts: new Map<string, number>() };
    t.sqlKeys.add(s.sqlKey);
    const shown = s.brand.trim();
    t.counts.set(shown, (t.counts.get(shown) ?? 0) + s.items);
    tally.set(key, t);
  }
  const bySqlKey = new Map<string, BrandGroup>();
  for (const [key, t] of tally) {
    const [top] = [...t.counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const label = exactKnownBrand(top[0])?.name ?? top[0];
    const group = { key, label, sqlKeys: [...t.sqlKeys] };
    for (const k of t.sqlKeys) bySqlKey.set(k, group);
  }
  return bySqlKey;
}
