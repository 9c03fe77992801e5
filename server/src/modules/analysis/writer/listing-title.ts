import { TITLE_MAX } from '../../listings/index.ts';
import type { ListingFacts } from './listing-facts.ts';
import { colourAdjective, CONDITION_WORDS, GARMENTS, GENDER_WORDS, type Language, UNKNOWN_GARMENT } from '@vintedbot/catalog';

/**
 * The title in Vinted's usual order, `Catégorie Couleur Marque [Genre] Taille – État` ("Pull marine Ralph Lauren
 * homme M – Très bon état"), leaving out what is unknown, never longer than the quality gate allows.
 */
export function buildTitle(f: ListingFacts, lang: Language): string {
  const noun = (f.category && GARMENTS[f.category]?.[lang]) || UNKNOWN_GARMENT[lang];
  const colour = f.colors[0] ? colourAdjective(f.colors[0], lang, noun) : null;
  const gender = f.gender ? GENDER_WORDS[f.gender][lang] : null;
  // English puts the brand and the colour before the noun ("Ralph Lauren navy jacket"), as English buyers search and
  // write; the Romance languages and German keep the noun first with the colour after it, as the French seeds do.
  const led = lang === 'en' && !!(f.brand?.trim() || colour);
  // A colour that opens the title takes the capital ("Navy jacket"); a brand keeps its own spelling ("adidas").
  const enColour = colour && !f.brand?.trim() ? colour.charAt(0).toUpperCase() + colour.slice(1) : colour;
  const words = lang === 'en' ? [f.brand, enColour, led ? noun.word.toLowerCase() : noun.word, gender, f.size] : [noun.word, colour, f.brand, gender, f.size];
  const head = words.filter((p): p is string => !!p && p.trim() !== '').map((p) => p.trim()).join(' ');
  const full = f.condition ? `${head} – ${CONDITION_WORDS[f.condition][lang]}` : head;
  if (full.length <= TITLE_MAX) return full;
  // Too long with the condition: the condition is a field of its own on Vinted, the words before it are what buyers search.
  return cutAtWordBoundary(head, TITLE_MAX);
}

/** Cuts a text to at most `max` characters at a word boundary, without "…" and without a dangling separator. */
export function cutAtWordBoundary(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const slice = t.slice(0, max + 1);
  const at = slice.lastIndexOf(' ');
  const cut = at > 0 ? slice.slice(0, at) : t.slice(0, max);
  return cut.replace(/[\s\-–—,;:/]+$/u, '');
}
