import { type BrandTier, type Condition, CONDITION_INFO, TIER_LABELS } from '@vintedbot/catalog';

// How likely an item is to sell soon, 0–100, as the sum of six factors a seller can read and act on.
// Weights: brand 20, price against the category reference 20, condition 20, season 15, photo quality 15,
// number of photos 10.

export interface SaleScoreInput {
  brandTier: BrandTier | null;
  /** A brand is named but is not in our tier table. */
  brandKnown: boolean;
  priceCents: number | null;
  /** The suggested target for this category, brand and condition: what a buyer expects to pay. */
  referenceCents: number;
  condition: Condition | null;
  category: string | null;
  /** 1–12 */
  month: number;
  /** Photo quality scores, 0–100 each (photos/photo-quality.ts); empty when not measured. */
  photoQualities: number[];
  photoCount: number;
}

export interface SaleScoreFactor {
  factor: 'brand' | 'price' | 'condition' | 'season' | 'photo_quality' | 'photo_count';
  points: number;
  max: number;
  detail: string;
}

export interface SaleScore {
  score: number;
  breakdown: SaleScoreFactor[];
}

const BRAND_POINTS: Record<BrandTier, number> = { luxury: 20, streetwear: 19, premium: 17, sport: 15, mid: 12, fast_fashion: 9 };
const CONDITION_POINTS: Record<Condition, number> = { new_with_tags: 20, new_without_tags: 18, very_good: 16, good: 11, satisfactory: 6 };

// Demand by month (January first), 0–1, for clothes worn in one season; others sell evenly all year.
const WINTER = [1, 1, 0.7, 0.4, 0.2, 0.1, 0.1, 0.3, 0.6, 0.9, 1, 1];
const SUMMER = [0.2, 0.3, 0.6, 0.9, 1, 1, 1, 0.8, 0.5, 0.3, 0.2, 0.2];
const MID_SEASON = [0.5, 0.6, 0.9, 1, 0.8, 0.5, 0.4, 0.6, 1, 1, 0.7, 0.5];
const ALL_YEAR = 0.75;
const SEASON_OF: Record<string, { name: string; curve: number[] }> = Object.fromEntries([
  ...['coat', 'puffer', 'jumper', 'hoodie', 'sweatshirt', 'beanie'].map((k) => [k, { name: "d'hiver", curve: WINTER }]),
  ...['t-shirt', 'shorts', 'dress', 'skirt', 'polo', 'hat', 'cap'].map((k) => [k, { name: "d'été", curve: SUMMER }]),
  ...['jacket'].map((k) => [k, { name: 'de mi-saison', curve: MID_SEASON }]),
]);

export function saleScore(i: SaleScoreInput): SaleScore {
  const breakdown: SaleScoreFactor[] = [];

  const brandPts = i.brandTier ? BRAND_POINTS[i.brandTier] : i.brandKnown ? 8 : 5;
  breakdown.push({
    factor: 'brand', points: brandPts, max: 20,
    detail: i.brandTier ? `marque ${TIER_LABELS[i.brandTier]}` : i.brandKnown ? 'marque hors barème' : 'marque inconnue',
  });

  // At or under the reference sells fastest; each 10 % above it costs about 3 points.
  let pricePts = 12;
  let priceDetail = 'prix non fixé : le prix suggéré sera utilisé';
  if (i.priceCents !== null && i.referenceCents > 0) {
    const ratio = i.priceCents / i.referenceCents;
    pricePts = Math.round(ratio <= 0.9 ? 20 : ratio <= 1 ? 20 - (ratio - 0.9) * 30 : Math.max(0, 17 - (ratio - 1) * 30));
    priceDetail = `${Math.round(ratio * 100)} % du prix de référence`;
  }
  breakdown.push({ factor: 'price', points: pricePts, max: 20, detail: priceDetail });

  breakdown.push({
    factor: 'condition', points: i.condition ? CONDITION_POINTS[i.condition] : 8, max: 20,
    detail: i.condition ? CONDITION_INFO[i.condition].fr : 'état non précisé',
  });

  const season = i.category ? SEASON_OF[i.category] : undefined;
  const demand = season ? season.curve[(i.month - 1 + 12) % 12] : ALL_YEAR;
  breakdown.push({
    factor: 'season', points: Math.round(demand * 15), max: 15,
    detail: season ? `article ${season.name}, demande ${Math.round(demand * 100)} % ce mois-ci` : 'article de toute saison',
  });

  const q = i.photoQualities.length ? i.photoQualities.reduce((a, b) => a + b, 0) / i.photoQualities.length : null;
  breakdown.push({
    factor: 'photo_quality', points: q === null ? 8 : Math.round((Math.min(100, Math.max(0, q)) / 100) * 15), max: 15,
    detail: q === null ? 'qualité non mesurée' : `qualité moyenne ${Math.round(q)}/100`,
  });

  const countPts = [0, 2, 5, 8, 9][Math.min(i.photoCount, 4)] ?? 10;
  breakdown.push({
    factor: 'photo_count', points: i.photoCount >= 5 ? 10 : countPts, max: 10,
    detail: `${i.photoCount} photo${i.photoCount > 1 ? 's' : ''}${i.photoCount < 3 ? ' (3 au moins conseillées)' : ''}`,
  });

  const score = Math.max(0, Math.min(100, breakdown.reduce((a, f) => a + f.points, 0)));
  return { score, breakdown };
}
