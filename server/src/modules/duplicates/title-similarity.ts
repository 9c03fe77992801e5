import { distance } from 'fastest-levenshtein';
import { token_set_ratio as tokenSetRatio } from 'fuzzball';

// When two titles describe the same article (pure functions, no I/O). Titles are folded (case, accents,
// apostrophes, hyphens), stripped of words that say nothing about the article, and compared with fuzzball's
// token-set ratio. Brand and size must not contradict: "Jupe Zara S" is not "Jupe Zara XS", whatever the ratio.

/** Token-set ratio (0–1) from which two titles are the same article. */
export const TITLE_MIN_SCORE = 0.9;
/** Share of the longer title's words the two must have in common: "Jupe Zara" alone does not match every Zara skirt. */
export const TITLE_MIN_COVERAGE = 0.5;
export const TITLE_MIN_SHARED = 2;

// Words that carry no identity: articles, prepositions, condition phrases the title template appends, filler.
const STOP_WORDS = new Set([
  'a', 'au', 'aux', 'avec', 'de', 'des', 'du', 'en', 'et', 'la', 'le', 'les', 'pour', 'sans', 'sur', 'un', 'une', 'taille',
  'the', 'and', 'with', 'for', 'of', 'size', 'el', 'los', 'las', 'con', 'y', 'der', 'die', 'das', 'mit', 'und', 'groesse', 'grosse',
  'tres', 'bon', 'etat', 'neuf', 'etiquette', 'satisfaisant', 'excellent', 'parfait', 'comme', 'new', 'tags', 'very', 'good', 'condition',
  'vinted', 'lot', 'article',
]);

export function fold(s: string): string {
  return s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')
    .replace(/[&'’`´-]/g, '') // "H&M" → hm, "Levi's" → levis, "T-shirt" → tshirt
    .replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** The title's identity words, in order, without duplicates. Sizes are left out: they are compared on their own. */
export function titleTokens(title: string): string[] {
  return [...new Set(fold(title).split(' ').filter((t) => t && !STOP_WORDS.has(t) && !isSizeWord(t)))];
}

const isSizeWord = (w: string) => LETTER_SIZE.test(w) || /^(w|l|eu|t)\d{2}$/.test(w) || (/^\d{2}$/.test(w) && Number(w) >= 30 && Number(w) <= 58);

/**
 * What the title index stores: every pair of identity words (of the first 8). Two titles sharing k words share
 * k(k−1)/2 pairs, and a pair is far rarer in the stock than either word, so a lookup reads a few postings per pair
 * instead of every item that says "bleu" or "Zara".
 */
export const MAX_KEY_WORDS = 8;
export function titleKeys(title: string): string[] {
  const t = titleTokens(title).slice(0, MAX_KEY_WORDS).sort();
  const keys: string[] = [];
  for (let i = 0; i < t.length; i++) for (let j = i + 1; j < t.length; j++) keys.push(`${t[i]}|${t[j]}`);
  return keys;
}

const LETTER_SIZE = /^(x{0,3}s|m|x{0,3}l|[2-6]xl|[2-4]xs|tu)$/;
const LETTER_CANON: Record<string, string> = { '2xl': 'XXL', '3xl': 'XXXL', '2xs': 'XXS', '3xs': 'XXXS' };

/** A size label normalised for comparison, with its system (letters, numbers, waist/length, EU shoes). */
export function normaliseSize(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const s = fold(raw).replace(/\b(taille|size|t)\b/g, ' ').replace(/\s+/g, '').replace(/^(?:t|eu|fr)(?=\d)/, '');
  if (!s) return null;
  if (LETTER_SIZE.test(s)) return LETTER_CANON[s] ?? s.toUpperCase();
  if (s === 'unique' || s === 'onesize') return 'TU';
  const wl = /^w(\d{2})(?:l(\d{2}))?$/.exec(s);
  if (wl) return wl[2] ? `W${wl[1]} L${wl[2]}` : `W${wl[1]}`;
  if (/^\d{2}(?:5)?$/.test(s)) return s.length === 3 ? `${s.slice(0, 2)}.5` : s; // "42,5" folds to 425
  return s.toUpperCase();
}

/** A size written in the title itself, when the field is empty: letter sizes, W/L, "EU 43", "taille 38", 30–58. */
export function sizeInTitle(title: string): string | null {
  const words = fold(title).split(' ');
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (LETTER_SIZE.test(w)) return normaliseSize(w);
    if (/^w\d{2}$/.test(w)) return normaliseSize(/^l\d{2}$/.test(words[i + 1] ?? '') ? w + words[i + 1] : w);
    if ((w === 'eu' || w === 'taille' || w === 'size' || w === 't') && /^\d{2}$/.test(words[i + 1] ?? '')) return normaliseSize(words[i + 1]);
    if (/^(eu|t)\d{2}$/.test(w)) return normaliseSize(w.replace(/^(eu|t)/, ''));
    if (/^\d{2}$/.test(w) && Number(w) >= 30 && Number(w) <= 58) return w;
  }
  return null;
}

const sizeSystem = (s: string) => (/^W\d/.test(s) ? 'waist' : /^\d/.test(s) ? 'number' : 'letter');

/** True when both sizes are known, in the same system, and differ (M vs 38 cannot be compared, so no contradiction). */
export function sizesContradict(a: string | null, b: string | null): boolean {
  if (!a || !b) return false;
  if (sizeSystem(a) !== sizeSystem(b)) return false;
  return a !== b;
}

export const normaliseBrand = (b: string | null | undefined) => (b ? fold(b).replace(/\s+/g, '') || null : null);
export const brandsContradict = (a: string | null, b: string | null) => !!a && !!b && a !== b;

export interface TitleSide { title: string; brand?: string | null; size?: string | null }
export interface TitleVerdict { match: boolean; score: number; shared: number; coverage: number; reason?: 'brand' | 'size' | 'low_score' | 'low_overlap' }

/**
 * Folds near-identical words of `b` onto `a`'s spelling (one edit for words of 4+ letters: "noire"/"noir",
 * "addidas"/"adidas"), with fastest-levenshtein, so a typo or an agreement does not cost the match.
 */
function alignTypos(a: string[], b: string[]): string[] {
  const exact = new Set(a);
  return b.map((w) => {
    if (exact.has(w) || w.length < 4 || /\d/.test(w)) return w;
    const near = a.find((x) => x.length >= 4 && !/\d/.test(x) && Math.abs(x.length - w.length) <= 1 && distance(x, w) <= 1);
    return near ?? w;
  });
}

export function compareTitles(q: TitleSide, c: TitleSide): TitleVerdict {
  const qBrand = normaliseBrand(q.brand), cBrand = normaliseBrand(c.brand);
  const qSize = normaliseSize(q.size) ?? sizeInTitle(q.title), cSize = normaliseSize(c.size) ?? sizeInTitle(c.title);
  const a = titleTokens(q.title);
  const b = alignTypos(a, titleTokens(c.title));
  const setB = new Set(b);
  const shared = a.filter((t) => setB.has(t)).length;
  const coverage = shared / Math.max(1, Math.max(a.length, setB.size));
  const score = a.length && b.length ? tokenSetRatio(a.join(' '), b.join(' '), { full_process: false }) / 100 : 0;
  const verdict = { score: Math.round(score * 1000) / 1000, shared, coverage: Math.round(coverage * 1000) / 1000 };
  if (brandsContradict(qBrand, cBrand)) return { match: false, ...verdict, reason: 'brand' };
  if (sizesContradict(qSize, cSize)) return { match: false, ...verdict, reason: 'size' };
  if (shared < TITLE_MIN_SHARED || coverage < TITLE_MIN_COVERAGE) return { match: false, ...verdict, reason: 'low_overlap' };
  if (score < TITLE_MIN_SCORE) return { match: false, ...verdict, reason: 'low_score' };
  return { match: true, ...verdict };
}
