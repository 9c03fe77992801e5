import type { Sale } from '../../src/modules/pricing/model/price-model-fit.ts';
import { mulberry32 } from '../../src/platform/random.ts';

// Synthetic sales whose true prices follow known rules plus noise (issue 18 point 6's benchmark and tests). The
// seller's market differs from the app's price table in ways a model can learn and the table cannot: some categories
// and brands fetch more or less than the table says, extreme sizes sell for less, coats sell for more in winter, and
// every drop before the sale costs about 8 %. `world: 'rules'` is a market that follows the table (plus the same
// noise): there the model has nothing to learn and must not be preferred by luck.

const CATEGORIES = ['jeans', 'dress', 't-shirt', 'coat', 'hoodie', 'skirt', 'trainers', 'hat', 'shirt', 'jumper'];
const BRANDS = ['Zara', "Levi's", 'H&M', 'Nike', 'Sézane', 'Kiabi', 'Mango', null];
const CONDITIONS = ['new_with_tags', 'new_without_tags', 'very_good', 'good', 'satisfactory'] as const;
const SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];
const COLOURS = ['black', 'blue', 'white', 'red', 'green', 'beige'];

/** What the seller's market does on top of the table (multipliers of the table's raw price). */
const CATEGORY_EFFECT: Record<string, number> = { jeans: 1.35, dress: 1.2, 't-shirt': 0.75, coat: 1.1, hoodie: 1.0, skirt: 0.85, trainers: 1.25, hat: 0.6, shirt: 0.9, jumper: 1.05 };
const BRAND_EFFECT: Record<string, number> = { Zara: 0.8, "Levi's": 1.4, 'H&M': 0.7, Nike: 1.15, Sézane: 1.3, Kiabi: 0.75, Mango: 0.95 };

export interface SyntheticOptions {
  count: number;
  seed?: number;
  world?: 'seller' | 'rules';
  /** Standard deviation of the log-normal noise on each price. */
  noise?: number;
  /** The table's raw price for an item (cents): the caller's rules, so both worlds share its vocabulary. */
  tablePrice: (s: Pick<Sale, 'category' | 'brand' | 'condition'>) => number;
  /** First sale date; one sale about every 12 hours after it. */
  start?: Date;
  /** Sold the day they are listed, without drops or season (items sold through the API in a test are all sold now). */
  timeless?: boolean;
}

export function syntheticSales(o: SyntheticOptions): Sale[] {
  const r = mulberry32(o.seed ?? 1);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const gauss = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const start = (o.start ?? new Date('2025-01-01T10:00:00Z')).getTime();
  const sales: Sale[] = [];
  for (let i = 0; i < o.count; i++) {
    const soldAt = new Date(start + i * 12 * 3600_000 + Math.floor(r() * 6 * 3600_000));
    const month = soldAt.getUTCMonth() + 1;
    const s = {
      category: pick(CATEGORIES), brand: pick(BRANDS), condition: pick(CONDITIONS) as string, size: pick(SIZES), gender: pick(['women', 'men']),
      colors: [pick(COLOURS)], photos: 2 + Math.floor(r() * 6), month, daysListed: Math.floor(r() * 60), drops: 0,
    };
    if (o.timeless) s.daysListed = 0;
    s.drops = Math.min(4, Math.floor(s.daysListed / 14));
    let price = o.tablePrice(s);
    if ((o.world ?? 'seller') === 'seller') {
      price *= CATEGORY_EFFECT[s.category] ?? 1;
      price *= s.brand ? (BRAND_EFFECT[s.brand] ?? 1) : 0.9;
      if (s.size === 'XS' || s.size === 'XXL') price *= 0.85;
      const winter = month <= 2 || month >= 11;
      if (s.category === 'coat' && !o.timeless) price *= winter ? 1.3 : 0.75;
      price *= 0.92 ** s.drops;
    }
    price *= Math.exp(gauss() * (o.noise ?? 0.15));
    sales.push({ ...s, salePriceCents: Math.max(100, Math.round(price / 10) * 10), soldAt: soldAt.toISOString() });
  }
  return sales;
}
