// Our garment categories and the Vinted catalogue leaves they land on (ids last observed: verify live at publication).
// A category is stored on the item by its key; the Vinted leaf is resolved from the key and the gender when known.
export const GENDERS = ['women', 'men', 'kids'] as const;
export type Gender = (typeof GENDERS)[number] | null;

export interface Category {
  key: string;
  fr: string;
  en: string;
  /** Vinted leaf ids by gender; null where no id has been observed (the connector then searches the picker by label). */
  vinted: { women: number | null; men: number | null };
  /** Words the picker search and label matching can use. */
  search: { fr: string; en: string };
  needsSize: boolean;
}

const c = (key: string, fr: string, en: string, women: number | null, men: number | null, needsSize = true): Category => ({
  key, fr, en, vinted: { women, men }, search: { fr, en }, needsSize,
});

export const CATEGORIES: readonly Category[] = [
  c('t-shirt', 'T-shirt', 'T-shirt', 221, 77),
  c('shirt', 'Chemise', 'Shirt', 222, 536),
  c('polo', 'Polo', 'Polo shirt', null, null),
  c('jumper', 'Pull', 'Jumper', 1917, null),
  c('sweatshirt', 'Sweat', 'Sweatshirt', null, null),
  c('hoodie', 'Sweat à capuche', 'Hoodie', 196, 267),
  c('jacket', 'Veste', 'Jacket', 1908, 2052),
  c('coat', 'Manteau', 'Coat', 1907, 2051),
  c('puffer', 'Doudoune', 'Puffer jacket', null, null),
  c('dress', 'Robe', 'Dress', 10, null),
  c('skirt', 'Jupe', 'Skirt', 11, null),
  c('jeans', 'Jean', 'Jeans', 183, 257),
  c('trousers', 'Pantalon', 'Trousers', 9, 34),
  c('joggers', 'Jogging', 'Joggers', null, null),
  c('shorts', 'Short', 'Shorts', 15, 80),
  c('trainers', 'Baskets', 'Trainers', 2632, 1242),
  c('shoes', 'Chaussures', 'Shoes', null, 1231),
  c('hat', 'Chapeau', 'Hat', null, null, false),
  c('cap', 'Casquette', 'Cap', null, null, false),
  c('beanie', 'Bonnet', 'Beanie', null, null, false),
  c('handbag', 'Sac à main', 'Handbag', 156, null),
  c('backpack', 'Sac à dos', 'Backpack', 157, null),
];

const BY_KEY = new Map(CATEGORIES.map((cat) => [cat.key, cat]));

const norm = (s: string) => s.trim().toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/[\s_]+/g, ' ');

// Words sellers, the seeds' CLIP label set and the training classes use, mapped to our keys.
const ALIASES: Record<string, string> = {
  tshirt: 't-shirt', 't shirt': 't-shirt', tee: 't-shirt', top: 't-shirt',
  chemise: 'shirt', blouse: 'shirt', polo: 'polo',
  pull: 'jumper', sweater: 'jumper', pullover: 'jumper', jumper: 'jumper', gilet: 'jumper', cardigan: 'jumper',
  sweat: 'sweatshirt', sweatshirt: 'sweatshirt', 'sweat a capuche': 'hoodie', hoodie: 'hoodie',
  veste: 'jacket', jacket: 'jacket', blouson: 'jacket', windbreaker: 'jacket', 'coupe vent': 'jacket', outwear: 'jacket', outerwear: 'jacket',
  manteau: 'coat', coat: 'coat', parka: 'coat', trench: 'coat',
  doudoune: 'puffer', 'puffer jacket': 'puffer', puffer: 'puffer',
  robe: 'dress', dress: 'dress', jupe: 'skirt', skirt: 'skirt',
  jean: 'jeans', jeans: 'jeans', denim: 'jeans',
  pantalon: 'trousers', pants: 'trousers', trousers: 'trousers', chino: 'trousers',
  jogging: 'joggers', joggers: 'joggers', 'jogging pants': 'joggers',
  short: 'shorts', shorts: 'shorts', bermuda: 'shorts',
  baskets: 'trainers', sneakers: 'trainers', trainers: 'trainers', tennis: 'trainers',
  chaussures: 'shoes', shoes: 'shoes', bottes: 'shoes', boots: 'shoes',
  chapeau: 'hat', hat: 'hat', casquette: 'cap', cap: 'cap', bonnet: 'beanie', beanie: 'beanie',
  sac: 'handbag', 'sac a main': 'handbag', handbag: 'handbag', bag: 'handbag', 'sac a dos': 'backpack', backpack: 'backpack',
};

export function getCategory(key: string): Category | null {
  return BY_KEY.get(key) ?? null;
}

/** Resolves a seller's or a model's category word to one of our keys; null when nothing matches. */
export function resolveCategory(input: string | null | undefined): Category | null {
  if (!input) return null;
  const k = norm(input);
  if (BY_KEY.has(k)) return BY_KEY.get(k)!;
  const alias = ALIASES[k] ?? ALIASES[k.replace(/-/g, ' ')] ?? ALIASES[k.replace(/s$/, '')];
  if (alias) return BY_KEY.get(alias) ?? null;
  for (const cat of CATEGORIES) if (norm(cat.fr) === k || norm(cat.en) === k) return cat;
  return null;
}

/**
 * The Vinted leaf for a category and gender. Unknown gender: the women's leaf, then the men's (most of the stock
 * sold on Vinted is women's). Kids: none, since no kids' leaf has been observed, and a child's T-shirt filed under
 * women's would be a wrong listing; the item then shows `category_not_on_vinted` and the seller picks by hand.
 */
export function vintedCatalogId(key: string, gender: Gender): number | null {
  const cat = BY_KEY.get(key);
  if (!cat) return null;
  if (gender === 'kids') return null;
  if (gender === 'men') return cat.vinted.men ?? cat.vinted.women;
  if (gender === 'women') return cat.vinted.women ?? cat.vinted.men;
  return cat.vinted.women ?? cat.vinted.men;
}
