// The facts of a sold (or to-be-sold) item as the columns of a log-linear price model (issue 18 point 6). Each value
// the seller sold at least twice (a category, a brand, a size, a colour…) gets its own column; rarer values get none,
// so the model says nothing about them and the rules' price stands. Seasons are learned per category (a coat in
// winter), and the time to sell and the drops before the sale are columns too, set to zero for a suggestion: the
// price the item fetches without waiting.

export interface SaleFacts {
  category: string | null;
  brand: string | null;
  condition: string | null;
  size: string | null;
  gender: string | null;
  colors: string[];
  photos: number;
  /** 1–12: the month the item went on sale (season). */
  month: number;
  /** Days from listing to sale; 0 for a suggestion (the price it fetches without waiting). */
  daysListed: number;
  /** Drops before the sale; 0 for a suggestion. */
  drops: number;
}

/** The columns a model was trained with, by name, in order (`intercept` first). */
export type Vocabulary = string[];

const key = (v: string | null | undefined) => (v ?? '').trim().toLowerCase();
const season = (month: number) => (month <= 2 || month >= 11 ? 'winter' : month >= 6 && month <= 8 ? 'summer' : null);

/** The item's one-hot values, named `kind:value`; a value the vocabulary lacks is simply not a column. */
function values(f: SaleFacts): string[] {
  const s = season(f.month);
  const out = [`category:${key(f.category)}`, `brand:${key(f.brand)}`, `condition:${key(f.condition)}`, `size:${key(f.size).replace(/\s+/g, '')}`,
    `gender:${key(f.gender)}`, `colour:${key(f.colors[0])}`];
  if (s) out.push(`season:${s}`, `season:${s}:${key(f.category)}`);
  return out.filter((v) => !v.endsWith(':'));
}

const NUMERIC = ['drops', 'days_listed', 'photos'] as const;

function numeric(f: SaleFacts): Record<(typeof NUMERIC)[number], number> {
  return { drops: Math.log1p(f.drops), days_listed: Math.log1p(f.daysListed) / 4, photos: (Math.min(f.photos, 20) - 4) / 5 };
}

/** The columns worth a weight: values seen at least `minCount` times in the training sales. */
export function buildVocabulary(facts: SaleFacts[], minCount = 2): Vocabulary {
  const counts = new Map<string, number>();
  for (const f of facts) for (const v of values(f)) counts.set(v, (counts.get(v) ?? 0) + 1);
  const kept = [...counts].filter(([, n]) => n >= minCount).map(([v]) => v).sort();
  return ['intercept', ...NUMERIC, ...kept];
}

/** The item's row of the design matrix for `vocab`. */
export function featureRow(f: SaleFacts, vocab: Vocabulary, index: Map<string, number>): number[] {
  const row = new Array<number>(vocab.length).fill(0);
  row[0] = 1;
  const num = numeric(f);
  for (const n of NUMERIC) row[index.get(n)!] = num[n];
  for (const v of values(f)) {
    const i = index.get(v);
    if (i !== undefined) row[i] = 1;
  }
  return row;
}

export const indexOf = (vocab: Vocabulary) => new Map(vocab.map((v, i) => [v, i]));

/** The named one-hot columns the item has (for the justification: which of the seller's effects applied). */
export function activeValues(f: SaleFacts, index: Map<string, number>): string[] {
  return values(f).filter((v) => index.has(v));
}
