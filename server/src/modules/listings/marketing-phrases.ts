// Phrases that make a listing read like an advert rather than a careful description. One list, used by the
// analyser's writer (never produces them) and by the quality gate here (flags a seller's text that contains them).
export const MARKETING_PHRASES: readonly string[] = [
  'parfait pour', 'parfaite pour', 'idéal', 'idéale', 'style tendance', 'tendance', 'casual chic', 'découvrez', 'magnifique',
  'haute qualité', 'must-have', 'must have', 'incontournable', 'à ne pas manquer', 'à saisir', 'coup de coeur', 'coup de cœur',
  'sublime', 'exceptionnel', 'exceptionnelle', 'look parfait', 'pièce unique', 'affaire en or', 'ne ratez pas',
  'perfect for', 'ideal', 'trendy', 'stunning', 'gorgeous', 'high quality', "don't miss", 'a must', 'amazing',
];

const norm = (s: string) => s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/[’']/g, "'");
const NORMALISED = MARKETING_PHRASES.map((p) => ({ phrase: p, re: new RegExp(`(^|[^\\p{L}])${norm(p).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'u') }));

/** The marketing phrases found in a text, matched on whole words (accents and case ignored). */
export function findMarketingPhrases(text: string): string[] {
  const t = norm(text);
  return NORMALISED.filter((p) => p.re.test(t)).map((p) => p.phrase);
}
