import { CATEGORIES, type Language, VINTED_COLOURS } from '@vintedbot/catalog';
import type { AnalysisHints } from '../analysis-provider.ts';

const LANGUAGE_NAMES: Record<Language, string> = { fr: 'French', en: 'English', es: 'Spanish', de: 'German' };

// The model reads; our writer writes. Asking only for facts keeps every listing in one format (title order,
// line count, hashtags, no advert phrasing) whatever the model, and makes the reply checkable by one schema.
export const SYSTEM_PROMPT = [
  'You look at the photos of ONE second-hand garment that a seller is listing on Vinted and report what they show.',
  'Report only what is visible. Never guess a brand or a size: give them only when they are printed on a label, tag or logo you can read, otherwise null.',
  `category: one of ${CATEGORIES.map((c) => c.key).join(', ')}; null when unsure.`,
  `colors: Vinted colour keys (${VINTED_COLOURS.map((c) => c.key).join(', ')}), the main colour of the garment first (not the background), at most two.`,
  'materials: only from a readable composition label, with the printed percentages.',
  'condition: new_with_tags only when shop tags are attached; otherwise null unless wear is clearly visible (good or satisfactory).',
  'details: short factual phrases, no adjectives of praise, no emoji.',
  'defects: every visible stain, hole, tear, pilling, discolouration or wear, one entry each: type, severity (minor, moderate, major), the number of the photo that shows it best (from 1), and where on the garment ("la manche gauche"); empty when none is visible. Never invent one.',
  'Answer with the JSON object only.',
].join('\n');

export function userPrompt(hints: AnalysisHints, language: Language, photoCount: number): string {
  const told = [
    hints.category && `category: ${hints.category}`,
    hints.brand && `brand: ${hints.brand}`,
    hints.size && `size: ${hints.size}`,
    hints.condition && `condition: ${hints.condition}`,
    hints.gender && `for: ${hints.gender}`,
    hints.notes && `notes: ${hints.notes.slice(0, 500)}`,
  ].filter(Boolean);
  return [
    `${photoCount} photo(s) of the same garment follow.`,
    told.length ? `The seller says (trust it over the photos):\n${told.join('\n')}` : 'The seller gave no information.',
    `Write details and defect locations in ${LANGUAGE_NAMES[language]}.`,
  ].join('\n');
}
