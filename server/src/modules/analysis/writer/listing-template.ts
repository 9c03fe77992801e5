import { TITLE_MAX } from '../../listings/index.ts';
import type { ListingFacts } from './listing-facts.ts';
import { cutAtWordBoundary } from './listing-title.ts';
import { colourAdjective, colourNoun, CONDITION_WORDS, GARMENTS, GENDER_WORDS, UNKNOWN_GARMENT } from '@vintedbot/catalog';

// The seeds' short template (the bulk plan's default, the "minimal" style), written by the same writer as single
// listings so the words agree: `{Vêtement} {couleur} {Marque} ({état}) – Taille {Taille}`, the colour agreeing with
// the garment ("Jupe verte", "Chaussures noires"), the seller's brand in it, and the condition left out first when
// the title would pass our 70-character gate (Vinted has a field for it; the words before it are what buyers search).
// French only: the template is the French seeds' wording.

/** The short template title ("Jupe verte Zara femme (très bon état) – Taille 38"), at most TITLE_MAX characters. */
export function buildTemplateTitle(f: ListingFacts): string {
  const noun = (f.category && GARMENTS[f.category]?.fr) || UNKNOWN_GARMENT.fr;
  const colour = f.colors[0] ? colourAdjective(f.colors[0], 'fr', noun) : null;
  const gender = f.gender ? GENDER_WORDS[f.gender].fr : null;
  const head = [noun.word, colour, f.brand?.trim(), gender].filter((p): p is string => !!p && p.trim() !== '').join(' ');
  const sizeWord = f.size?.trim() ?? '';
  const size = sizeWord ? ` – Taille ${sizeWord}` : '';
  const condition = f.condition ? ` (${CONDITION_WORDS[f.condition].fr.toLowerCase()})` : '';
  for (const candidate of [`${head}${condition}${size}`, `${head}${size}`, sizeWord ? `${head} ${sizeWord}` : head]) if (candidate.length <= TITLE_MAX) return candidate;
  // Still too long: the head is cut at a word, the size (a search filter on Vinted) kept.
  return sizeWord ? `${cutAtWordBoundary(head, TITLE_MAX - sizeWord.length - 1)} ${sizeWord}` : cutAtWordBoundary(head, TITLE_MAX);
}

/**
 * The short template description: what it is, its condition, shipping and the seeds' closing lines. Only what is
 * known is written (no "marque non visible").
 */
export function buildTemplateDescription(f: ListingFacts, city: string | null): string {
  const noun = (f.category && GARMENTS[f.category]?.fr) || UNKNOWN_GARMENT.fr;
  const colour = f.colors[0] ? colourAdjective(f.colors[0], 'fr', noun) : null;
  const second = f.colors[1] ? colourNoun(f.colors[1], 'fr') : null;
  const what = [noun.word, colour, second ? `et ${second}` : null, f.brand?.trim()].filter(Boolean).join(' ');
  const lines = [`${what}.`];
  if (f.size?.trim()) lines.push(`Taille ${f.size.trim()}.`);
  if (f.condition) lines.push(`${CONDITION_WORDS[f.condition].fr}.`);
  lines.push(city ? `Envoi rapide depuis ${city}.` : 'Envoi rapide.');
  lines.push('Photos réelles. Remise possible sur lot. #VintedBotStudio');
  return lines.join(' ');
}
