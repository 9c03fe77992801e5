import { HASHTAGS_MAX, HASHTAGS_MIN } from '../../listings/index.ts';
import type { ListingFacts } from './listing-facts.ts';
import { colourNoun, FIBRES, GARMENTS, type Language } from '@vintedbot/catalog';

// Search words buyers type, built only from what is known (brand, garment, colour, material, size, details),
// plus "vintage", "rare" or "collection" when the facts carry them (a hint or the label said so).

const SIZE_WORD: Record<Language, string> = { fr: 'taille', en: 'size', es: 'talla', de: 'größe' };
/** Used only to reach the minimum hashtag count when little is known; true of any second-hand listing. */
const FILLERS: Record<Language, string[]> = {
  fr: ['secondemain', 'vintedfrance', 'mode'],
  en: ['preloved', 'secondhand', 'fashion'],
  es: ['segundamano', 'moda', 'vintedespana'],
  de: ['secondhand', 'mode', 'vintedde'],
};

const lower = (s: string) => s.toLocaleLowerCase();

export function buildKeywords(f: ListingFacts, lang: Language): string[] {
  const garment = f.category ? GARMENTS[f.category]?.[lang]?.word : null;
  const out: string[] = [];
  const add = (s: string | null | undefined) => {
    const v = s?.replace(/\s+/g, ' ').trim();
    if (v && v.length <= 60 && !out.includes(lower(v))) out.push(lower(v));
  };
  add(f.brand);
  add(garment);
  if (garment && f.brand) add(`${garment} ${f.brand}`);
  for (const c of f.colors) add(colourNoun(c, lang));
  for (const fb of f.fibres) add(FIBRES[fb.fibre]?.[lang]);
  if (f.size) add(`${SIZE_WORD[lang]} ${f.size}`);
  for (const w of f.style_words) add(w);
  if (f.details_language === lang) for (const d of f.details) if (d.split(' ').length <= 4) add(d);
  return out.slice(0, 15);
}

/** Folds a word to a hashtag: lower case, no accents, no spaces or punctuation ("Ralph Lauren" → "ralphlauren"). */
export function toHashtag(s: string): string {
  return s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/[^\p{L}\p{N}]+/gu, '');
}

/** 3 to 5 hashtags, most specific first: brand, garment, style word, colour, material, then fillers. */
export function buildHashtags(f: ListingFacts, lang: Language): string[] {
  const garment = f.category ? GARMENTS[f.category]?.[lang]?.word : null;
  const candidates = [
    f.brand,
    garment,
    ...f.style_words,
    f.colors[0] ? colourNoun(f.colors[0], lang) : null,
    f.fibres[0] ? FIBRES[f.fibres[0].fibre]?.[lang] : null,
    ...FILLERS[lang],
  ];
  const out: string[] = [];
  for (const c of candidates) {
    const h = c ? toHashtag(c) : '';
    if (h.length >= 2 && h.length <= 40 && !out.includes(h)) out.push(h);
    if (out.length === HASHTAGS_MAX) break;
  }
  return out.length >= HASHTAGS_MIN ? out : [...out, ...FILLERS[lang].map(toHashtag).filter((h) => !out.includes(h))].slice(0, HASHTAGS_MIN);
}
