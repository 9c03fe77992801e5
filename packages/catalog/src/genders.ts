import { GENDERS, type Gender } from './categories.ts';

// Who a garment is for, read from a seller's word ("Homme", "women", "enfant") or found in a free text (notes,
// a file name, what OCR read on a label). Vinted files the same garment under different leaves for each.

const fold = (s: string) => s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');

const WORDS: Record<Exclude<Gender, null>, string[]> = {
  women: ['femme', 'femmes', 'women', 'womens', 'woman', 'ladies', 'lady', 'dame', 'dames', 'damen', 'mujer', 'donna', 'feminin', 'female'],
  men: ['homme', 'hommes', 'men', 'mens', 'man', 'herren', 'hombre', 'uomo', 'masculin', 'male'],
  kids: ['enfant', 'enfants', 'kids', 'kid', 'child', 'children', 'junior', 'bebe', 'baby', 'fille', 'filles', 'garcon', 'garcons', 'girl', 'girls', 'boy', 'boys', 'kinder', 'nino', 'nina'],
};
const BY_WORD = new Map(Object.entries(WORDS).flatMap(([g, ws]) => ws.map((w) => [w, g as Exclude<Gender, null>] as const)));
// One-letter codes only where a cell holds nothing else (an import column "F"/"H"/"M"), never inside a text.
const LETTERS: Record<string, Exclude<Gender, null>> = { f: 'women', w: 'women', h: 'men', m: 'men', k: 'kids', e: 'kids' };

/** A gender a seller typed as a value ("Homme", "women", "F", "enfant"); null when it is not one. */
export function parseGender(raw: string): Gender {
  const k = fold(raw.trim()).replace(/['’]s$/, 's');
  if ((GENDERS as readonly string[]).includes(k)) return k as Gender;
  return LETTERS[k] ?? BY_WORD.get(k) ?? null;
}

/**
 * The one gender a text names ("Sweat Nike homme", "WOMEN / FEMME"); null when it names none or several (a
 * unisex label reading "HOMME FEMME" says nothing about this garment). With `ages`, for a label, a child's age
 * printed as the size ("8 ans") counts as kids; in a seller's notes "porté 2 ans" is not a size.
 */
export function genderInText(text: string | null | undefined, opts: { ages?: boolean } = {}): Gender {
  if (!text) return null;
  const t = fold(text);
  const found = new Set<Exclude<Gender, null>>();
  for (const w of t.split(/[^\p{L}]+/u)) {
    const g = BY_WORD.get(w);
    if (g) found.add(g);
  }
  if (opts.ages && /\b\d{1,2}\s?(?:ans|years|yrs|mois|months)\b/u.test(t)) found.add('kids');
  return found.size === 1 ? [...found][0] : null;
}
