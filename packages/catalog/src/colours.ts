import { COLOUR_SYNONYMS, foldWord } from './synonyms.ts';

// Vinted's global colour list (ids stable 2023–2026), with reference hex values where known.
export interface VintedColour { id: number; key: string; fr: string; en: string; hex?: string }

export const VINTED_COLOURS: readonly VintedColour[] = [
  { id: 1, key: 'black', fr: 'Noir', en: 'Black', hex: '000000' },
  { id: 2, key: 'brown', fr: 'Marron', en: 'Brown', hex: '663300' },
  { id: 3, key: 'grey', fr: 'Gris', en: 'Grey', hex: '919191' },
  { id: 4, key: 'beige', fr: 'Beige', en: 'Beige', hex: 'f4e0c8' },
  { id: 5, key: 'pink', fr: 'Fuchsia', en: 'Pink', hex: 'ff0080' },
  { id: 6, key: 'purple', fr: 'Violet', en: 'Purple', hex: '800080' },
  { id: 7, key: 'red', fr: 'Rouge', en: 'Red', hex: 'cc3300' },
  { id: 8, key: 'yellow', fr: 'Jaune', en: 'Yellow', hex: 'fff200' },
  { id: 9, key: 'blue', fr: 'Bleu', en: 'Blue', hex: '007bc4' },
  { id: 10, key: 'green', fr: 'Vert', en: 'Green', hex: '369a3d' },
  { id: 11, key: 'orange', fr: 'Orange', en: 'Orange', hex: 'ffa500' },
  { id: 12, key: 'white', fr: 'Blanc', en: 'White', hex: 'ffffff' },
  { id: 13, key: 'silver', fr: 'Argenté', en: 'Silver' },
  { id: 14, key: 'gold', fr: 'Doré', en: 'Gold' },
  { id: 15, key: 'multi', fr: 'Multicolore', en: 'Multi' },
  { id: 16, key: 'khaki', fr: 'Kaki', en: 'Khaki', hex: '86814a' },
  { id: 17, key: 'turquoise', fr: 'Turquoise', en: 'Turquoise' },
  { id: 20, key: 'cream', fr: 'Crème', en: 'Cream', hex: 'f8f8e1' },
  { id: 21, key: 'apricot', fr: 'Abricot', en: 'Apricot' },
  { id: 22, key: 'coral', fr: 'Corail', en: 'Coral' },
  { id: 23, key: 'burgundy', fr: 'Bordeaux', en: 'Burgundy', hex: 'ae2e3d' },
  { id: 24, key: 'light_pink', fr: 'Rose', en: 'Light pink', hex: 'ffccca' },
  { id: 25, key: 'lilac', fr: 'Lila', en: 'Lilac' },
  { id: 26, key: 'light_blue', fr: 'Bleu clair', en: 'Light blue', hex: '89cff0' },
  { id: 27, key: 'navy', fr: 'Marine', en: 'Navy', hex: '35358d' },
  { id: 28, key: 'dark_green', fr: 'Vert foncé', en: 'Dark green', hex: '356639' },
  { id: 29, key: 'mustard', fr: 'Moutarde', en: 'Mustard', hex: 'e5b539' },
  { id: 30, key: 'mint', fr: 'Menthe', en: 'Mint' },
  { id: 32, key: 'clear', fr: 'Transparence', en: 'Clear' },
];

export const MAX_COLOURS_PER_ITEM = 2;

const norm = (s: string) => s.trim().toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/[\s_-]+/g, ' ');
const BY_NAME = new Map<string, VintedColour>();
for (const c of VINTED_COLOURS) for (const n of [c.key, c.fr, c.en]) BY_NAME.set(norm(n), c);
// Common spellings sellers and our datasets use.
for (const [alias, key] of Object.entries({ 'bleu marine': 'navy', rose: 'light_pink', gray: 'grey', multicolour: 'multi', multicolor: 'multi', 'multi colour': 'multi', creme: 'cream', fuchsia: 'pink' }))
  BY_NAME.set(norm(alias), VINTED_COLOURS.find((c) => c.key === key)!);

/** Resolves a colour from its key, French or English name or a common synonym ("camel", "écru"); null when it is not in Vinted's list. */
export function findColour(name: string): VintedColour | null {
  const direct = BY_NAME.get(norm(name));
  if (direct) return direct;
  const key = COLOUR_SYNONYMS[foldWord(name).replace(/'/g, ' ')];
  return key ? (VINTED_COLOURS.find((c) => c.key === key) ?? null) : null;
}
