// Brand tiers for pricing and the sale score, and the brand list the analyser recognises in label text and
// file names. Multipliers for premium, luxury and streetwear follow the ranges sellers use (shared/VINTED.md:
// premium ×2.0–2.5, luxury ×3–5, streetwear ×2.5–3.5); `sport`, `mid` and `fast_fashion` are our own
// additions so that a Zara T-shirt is not priced like an unbranded one.
export type BrandTier = 'luxury' | 'streetwear' | 'premium' | 'sport' | 'mid' | 'fast_fashion';

export const TIER_LABELS: Record<BrandTier, string> = {
  luxury: 'luxe', streetwear: 'streetwear', premium: 'premium', sport: 'sport', mid: 'milieu de gamme', fast_fashion: 'fast fashion',
};

/** The multiplier a brand of the tier gets when the table gives none of its own. */
export const TIER_DEFAULT_MULTIPLIER: Record<BrandTier, number> = {
  luxury: 4, streetwear: 3, premium: 2.2, sport: 1.4, mid: 1, fast_fashion: 0.6,
};

export interface KnownBrand {
  name: string;
  tier: BrandTier;
  multiplier?: number;
  /** Other whole spellings (abbreviations, brand lines) that mean this brand. */
  aliases?: string[];
  /** A common word too (Only, Gap, Guess…): in label text it counts only when it stands alone on a line. */
  ambiguous?: boolean;
}

const b = (name: string, tier: BrandTier, multiplier?: number, aliases?: string[], ambiguous?: boolean): KnownBrand => ({
  name, tier, ...(multiplier ? { multiplier } : {}), ...(aliases ? { aliases } : {}), ...(ambiguous ? { ambiguous } : {}),
});

export const KNOWN_BRANDS: readonly KnownBrand[] = [
  // Luxury ×3–5
  b('Louis Vuitton', 'luxury', 5, ['LV']), b('Chanel', 'luxury', 5), b('Hermès', 'luxury', 5), b('Dior', 'luxury', 4.5, ['Christian Dior']),
  b('Gucci', 'luxury', 4.5), b('Prada', 'luxury', 4), b('Burberry', 'luxury', 3.5), b('Saint Laurent', 'luxury', 4.5, ['YSL', 'Yves Saint Laurent']),
  b('Balenciaga', 'luxury', 4.5), b('Fendi', 'luxury', 4.5), b('Moncler', 'luxury', 3.5), b('Celine', 'luxury', 4.5),
  // Streetwear ×2.5–3.5
  b('Supreme', 'streetwear', 3.5), b('Off-White', 'streetwear', 3), b('Bape', 'streetwear', 3, ['A Bathing Ape']),
  b('Fear of God Essentials', 'streetwear', 2.5, ['Fear of God']), b('Stone Island', 'streetwear', 3), b('Stüssy', 'streetwear', 2.5, ['Stussy']),
  b('Palace', 'streetwear', 2.8, undefined, true), b('Carhartt WIP', 'streetwear', 2.5),
  // Premium ×2.0–2.5
  b('Ralph Lauren', 'premium', 2.2, ['Polo Ralph Lauren', 'Lauren Ralph Lauren']), b('Karl Lagerfeld', 'premium', 2.2),
  b('Diesel', 'premium', 2), b('Tommy Hilfiger', 'premium', 2.1, ['Tommy Jeans']), b('Lacoste', 'premium', 2.3),
  b('Hugo Boss', 'premium', 2.3, ['Boss', 'Hugo']), b('Calvin Klein', 'premium', 2, ['CK', 'Calvin Klein Jeans']),
  b('Maje', 'premium', 2.2), b('Sandro', 'premium', 2.2), b('The Kooples', 'premium', 2.1), b('Sézane', 'premium', 2.3, ['Sezane']),
  b('Barbour', 'premium', 2.3), b('The North Face', 'premium', 2.2, ['TNF']), b('Patagonia', 'premium', 2.2), b('Gant', 'premium', 2),
  b('Michael Kors', 'premium', 2.1), b('Zadig & Voltaire', 'premium', 2.3),
  // Sport (ours)
  b('Nike', 'sport'), b('Adidas', 'sport', undefined, ['adidas Originals']), b('Puma', 'sport'), b('New Balance', 'sport'),
  b('Reebok', 'sport'), b('Asics', 'sport'), b('Converse', 'sport'), b('Vans', 'sport', undefined, undefined, true), b('Fila', 'sport'),
  b('Le Coq Sportif', 'sport'), b('Kappa', 'sport'), b('Champion', 'sport', undefined, undefined, true), b('Salomon', 'sport'),
  // Mid-market (×1)
  b("Levi's", 'mid', 1.2, ['Levis', 'Levi Strauss']), b('Carhartt', 'mid', 1.3), b('Massimo Dutti', 'mid', 1.2), b('COS', 'mid', 1.1, undefined, true),
  b('Arket', 'mid', 1.1), b('Petit Bateau', 'mid'), b('Armor Lux', 'mid', 1.1), b('Comptoir des Cotonniers', 'mid', 1.2), b('Uniqlo', 'mid'),
  b('Gap', 'mid', undefined, undefined, true), b('Guess', 'mid', undefined, undefined, true), b('Esprit', 'mid', undefined, undefined, true),
  b('Desigual', 'mid'), b('Superdry', 'mid'), b('Timberland', 'mid', 1.2), b('Dr. Martens', 'mid', 1.3, ['Dr Martens', 'Doc Martens']),
  b('Napapijri', 'mid', 1.1), b('Columbia', 'mid'), b('Aigle', 'mid', undefined, undefined, true), b('Lee', 'mid', undefined, undefined, true),
  b('Wrangler', 'mid'), b('Jack & Jones', 'mid', 0.8), b('Vero Moda', 'mid', 0.8), b('Only', 'mid', 0.8, undefined, true),
  b('Promod', 'mid', 0.8), b('Etam', 'mid', 0.8), b('Jules', 'mid', 0.8, undefined, true), b('Celio', 'mid', 0.8), b('Benetton', 'mid', 0.9, ['United Colors of Benetton']),
  b('Hollister', 'mid'), b('Abercrombie & Fitch', 'mid', 1.1), b('Scotch & Soda', 'mid', 1.1), b('Decathlon', 'mid', 0.7, ['Quechua', 'Kalenji']),
  // Fast fashion (ours)
  b('Zara', 'fast_fashion', 0.7), b('H&M', 'fast_fashion', 0.6, ['H & M', 'H and M']), b('Mango', 'fast_fashion', 0.7, undefined, true),
  b('Bershka', 'fast_fashion'), b('Pull&Bear', 'fast_fashion', undefined, ['Pull and Bear']), b('Stradivarius', 'fast_fashion'),
  b('Primark', 'fast_fashion', 0.5), b('Kiabi', 'fast_fashion', 0.5), b('Shein', 'fast_fashion', 0.5), b('Pimkie', 'fast_fashion'),
  b('Jennyfer', 'fast_fashion'), b('New Yorker', 'fast_fashion'), b('Boohoo', 'fast_fashion', 0.5), b('Forever 21', 'fast_fashion'),
  b('Camaïeu', 'fast_fashion', undefined, ['Camaieu']), b('Tally Weijl', 'fast_fashion'), b('C&A', 'fast_fashion', 0.5),
];

/** Folds a name to comparable tokens: case, accents, apostrophes and "&" dropped, other punctuation split. */
export function brandTokens(s: string): string[] {
  return s
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/['’&.]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

interface Entry { brand: KnownBrand; tokens: string[] }
const ENTRIES: Entry[] = KNOWN_BRANDS.flatMap((brand) => [brand.name, ...(brand.aliases ?? [])].map((n) => ({ brand, tokens: brandTokens(n) })));

/**
 * The key two spellings of one brand share: case, accents, apostrophes, "&", dots and spacing folded ("SÉZANE " and
 * "Sezane" → "sezane", "Levi’s" and "Levi's" → "levis"). What grouping by brand compares, not what is shown.
 */
export const brandKey = (s: string): string => brandTokens(s).join(' ');

// First entry wins on a shared key, as findKnownBrand's strict "longer" comparison keeps the first of equals.
const BY_KEY = new Map<string, KnownBrand>();
for (const e of ENTRIES) if (!BY_KEY.has(e.tokens.join(' '))) BY_KEY.set(e.tokens.join(' '), e.brand);

/**
 * The known brand a name is exactly (its name or an alias, folded), not one it merely contains: "levis" is Levi's,
 * but "Lee Cooper" is not Lee nor "Polo Ralph Lauren Sport" Ralph Lauren (a seller's own line keeps its name).
 */
export function exactKnownBrand(name: string | null | undefined): KnownBrand | null {
  return name ? BY_KEY.get(brandKey(name)) ?? null : null;
}

/** The seller's brand in its usual spelling when it is exactly a known brand or alias ("polo ralph lauren", "SEZANE" → "Ralph Lauren", "Sézane"). */
export function canonicalBrand(brand: string): string {
  return exactKnownBrand(brand)?.name ?? brand.trim();
}

/**
 * The known brand's spelling when the seller's is the same name written differently (case, accents, apostrophes,
 * spacing: "levi’s", "SEZANE " → "Levi's", "Sézane"), else the seller's, trimmed. Unlike canonicalBrand, an alias
 * that names a line ("Polo Ralph Lauren", "Tommy Jeans") stays: Vinted lists those as brands of their own.
 */
export function brandSpelling(brand: string): string {
  const known = exactKnownBrand(brand);
  return known && brandKey(known.name) === brandKey(brand) ? known.name : brand.trim();
}

/** True when `needle` occurs in `hay` as a run of whole tokens ("lv" is not in "calvin klein"). */
export function containsTokens(hay: string[], needle: string[]): boolean {
  if (needle.length === 0 || needle.length > hay.length) return false;
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * The known brand a seller's brand name refers to, matched on whole names only; the longest matching name wins,
 * so "Calvin Klein Jeans" is Calvin Klein and "Fear of God Essentials" is not just any "Essentials".
 */
export function findKnownBrand(name: string | null | undefined, extra: readonly KnownBrand[] = []): KnownBrand | null {
  if (!name) return null;
  const hay = brandTokens(name);
  let best: Entry | null = null;
  const entries = extra.length ? [...extra.flatMap((brand) => [brand.name, ...(brand.aliases ?? [])].map((n) => ({ brand, tokens: brandTokens(n) }))), ...ENTRIES] : ENTRIES;
  for (const e of entries) {
    if (containsTokens(hay, e.tokens) && (!best || e.tokens.length > best.tokens.length)) best = e;
  }
  return best?.brand ?? null;
}

/** Brands named in a free text (label, file name, notes), most specific first. */
export function brandsInText(text: string, opts: { allowAmbiguous: boolean }): KnownBrand[] {
  const hay = brandTokens(text);
  const found = new Map<string, { brand: KnownBrand; len: number }>();
  for (const e of ENTRIES) {
    // Common words and short abbreviations ("CK", "LV") are too easily met by chance in OCR output or prose.
    if ((e.brand.ambiguous || e.tokens.join('').length <= 3) && !opts.allowAmbiguous) continue;
    if (containsTokens(hay, e.tokens)) {
      const prev = found.get(e.brand.name);
      if (!prev || prev.len < e.tokens.length) found.set(e.brand.name, { brand: e.brand, len: e.tokens.length });
    }
  }
  // A longer name hides the shorter ones it contains ("Carhartt WIP" over "Carhartt", "Hugo Boss" over "Boss").
  const list = [...found.values()].sort((a, b) => b.len - a.len);
  const kept: typeof list = [];
  for (const f of list) {
    const ft = brandTokens(f.brand.name);
    if (!kept.some((k) => containsTokens(brandTokens(k.brand.name), ft))) kept.push(f);
  }
  return kept.map((k) => k.brand);
}
