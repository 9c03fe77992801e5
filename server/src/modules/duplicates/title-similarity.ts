import { distance } from 'fastest-levenshtein';

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
 * "addidas"/"adidas"), with fastest-levenshtein, so a typo or an agreement does not cost the match. Answers `b`
 * itself when no word moves (the usual case), so its prepared sorted form and set still apply.
 */
function alignTypos(a: string[], exact: Set<string>, b: string[]): string[] {
  let out: string[] | null = null;
  for (let i = 0; i < b.length; i++) {
    const w = b[i];
    if (exact.has(w) || w.length < 4 || /\d/.test(w)) continue;
    const near = a.find((x) => x.length >= 4 && !/\d/.test(x) && Math.abs(x.length - w.length) <= 1 && distance(x, w) <= 1);
    if (near) (out ??= b.slice())[i] = near;
  }
  return out ?? b;
}

/** A title side folded once (tokens, brand and size normalised): a batch lookup compares each candidate with many rows. */
export interface PreparedTitle { tokens: string[]; sorted: string[]; set: Set<string>; brand: string | null; size: string | null }

export function prepareTitle(s: TitleSide): PreparedTitle {
  const tokens = titleTokens(s.title);
  return { tokens, sorted: [...tokens].sort(), set: new Set(tokens), brand: normaliseBrand(s.brand), size: normaliseSize(s.size) ?? sizeInTitle(s.title) };
}

export function compareTitles(q: TitleSide, c: TitleSide): TitleVerdict {
  return comparePrepared(prepareTitle(q), prepareTitle(c));
}

/**
 * `scoreRejects: false` skips the token-set ratio (most of the cost) when brand, size or word overlap already say no;
 * such a verdict then reports a score of 0. A lookup only keeps matches, so it passes false.
 */
export function comparePrepared(q: PreparedTitle, c: PreparedTitle, scoreRejects = true): TitleVerdict {
  const a = q.tokens;
  const b = alignTypos(a, q.set, c.tokens);
  const setB = b === c.tokens ? c.set : new Set(b);
  let shared = 0;
  for (const t of a) if (setB.has(t)) shared++;
  const coverage = shared / Math.max(1, Math.max(a.length, setB.size));
  const reject = brandsContradict(q.brand, c.brand) ? 'brand' as const : sizesContradict(q.size, c.size) ? 'size' as const
    : shared < TITLE_MIN_SHARED || coverage < TITLE_MIN_COVERAGE ? 'low_overlap' as const : null;
  const score = a.length && b.length && (!reject || scoreRejects)
    ? sortedTokenSetRatio(q.sorted, q.set, b === c.tokens ? c.sorted : [...setB].sort(), setB) / 100 : 0;
  const verdict = { score: Math.round(score * 1000) / 1000, shared, coverage: Math.round(coverage * 1000) / 1000 };
  if (reject) return { match: false, ...verdict, reason: reject };
  if (score < TITLE_MIN_SCORE) return { match: false, ...verdict, reason: 'low_score' };
  return { match: true, ...verdict };
}

/**
 * fuzzball's token_set_ratio (0–100, `full_process: false`) of two token lists, computed the cheap way: its three
 * ratios compare strings sharing a prefix (the sorted common words), and a shared prefix or suffix adds the same to
 * both strings' common subsequence, so only the differing words go through the edit-distance table. A batch lookup
 * compares thousands of pairs; the test holds this equal to fuzzball's own on random pairs.
 */
export function tokenSetRatio(a: string[], b: string[]): number {
  const setA = new Set(a), setB = new Set(b);
  return sortedTokenSetRatio([...setA].sort(), setA, [...setB].sort(), setB);
}

/** tokenSetRatio on lists already sorted and without repeats, with their sets. */
function sortedTokenSetRatio(a: string[], setA: Set<string>, b: string[], setB: Set<string>): number {
  let sect = '', d1 = '', d2 = '';
  for (const t of a) {
    if (setB.has(t)) sect += sect ? ` ${t}` : t;
    else d1 += d1 ? ` ${t}` : t;
  }
  for (const t of b) if (!setA.has(t)) d2 += d2 ? ` ${t}` : t;
  const c1 = sect && d1 ? `${sect} ${d1}` : sect || d1;
  const c2 = sect && d2 ? `${sect} ${d2}` : sect || d2;
  // Common subsequences: `sect` is a prefix of c1 and c2, so it is all of theirs with it; c1 and c2 share "sect ".
  const lcs3 = sect && d1 && d2 ? sect.length + 1 + commonSubsequence(d1, d2) : commonSubsequence(c1, c2);
  return Math.max(levenRatio(sect, c1, sect.length), levenRatio(sect, c2, sect.length), levenRatio(c1, c2, lcs3));
}

/** python-Levenshtein's ratio as fuzzball rounds it: substitutions cost 2, so the distance is |x| + |y| − 2·LCS. */
function levenRatio(x: string, y: string, lcs: number): number {
  if (!x || !y) return 0;
  const lensum = x.length + y.length;
  const distance = x === y ? 0 : lensum - 2 * lcs;
  return Math.round(100 * ((lensum - distance) / lensum)); // fuzzball's very operations, so .5 rounds the same way
}

// The two rows of the common-subsequence table, kept between calls (a batch compares thousands of pairs).
let rowA = new Int32Array(64), rowB = new Int32Array(64);
// Per character code, the bits of the positions where it occurs in the shorter string (bit-parallel LCS); set and
// cleared again by each call, so it stays all zeros between calls.
const positions = new Int32Array(65536);
/** Up to this many characters the shorter string fits one 31-bit word (a sum of two 30-bit values stays an int32). */
const BITS = 30;

function commonSubsequence(x: string, y: string): number {
  let start = 0;
  while (start < x.length && start < y.length && x.charCodeAt(start) === y.charCodeAt(start)) start++;
  let ex = x.length, ey = y.length;
  while (ex > start && ey > start && x.charCodeAt(ex - 1) === y.charCodeAt(ey - 1)) { ex--; ey--; }
  const n = ex - start, m = ey - start;
  const ends = start + (x.length - ex);
  if (n === 0 || m === 0) return ends;
  // Most differing middles of two titles are short: one word-wide pass per character of the longer one (Hyyrö's
  // bit-parallel LCS length) instead of the n × m table, the largest cost of an import's duplicate check at 1 M items.
  if (Math.min(n, m) <= BITS) return ends + (m <= n ? lcsBits(x, start, ex, y, start, ey) : lcsBits(y, start, ey, x, start, ex));
  if (rowA.length <= m) [rowA, rowB] = [new Int32Array(2 * m + 2), new Int32Array(2 * m + 2)];
  let prev = rowA, cur = rowB;
  prev.fill(0, 0, m + 1);
  cur[0] = 0;
  for (let i = 1; i <= n; i++) {
    const c = x.charCodeAt(start + i - 1);
    for (let j = 1; j <= m; j++) cur[j] = c === y.charCodeAt(start + j - 1) ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
    const t = prev;
    prev = cur;
    cur = t;
  }
  return ends + prev[m];
}

/**
 * Length of the longest common subsequence of x[xs, xe) and the pattern y[ys, ye) (at most BITS characters), after
 * H. Hyyrö, "Bit-parallel LCS-length computation revisited" (2004): a zero bit of v marks a pattern position
 * matched so far; each character of x updates every position at once.
 */
function lcsBits(x: string, xs: number, xe: number, y: string, ys: number, ye: number): number {
  const m = ye - ys;
  for (let j = 0; j < m; j++) positions[y.charCodeAt(ys + j)] |= 1 << j;
  const all = (1 << m) - 1;
  let v = all;
  for (let i = xs; i < xe; i++) {
    const u = v & positions[x.charCodeAt(i)];
    v = ((v + u) | (v - u)) & all;
  }
  for (let j = 0; j < m; j++) positions[y.charCodeAt(ys + j)] = 0;
  return m - popcount(v);
}

function popcount(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
