// The seed's listing templates and price rules, as pure functions: one plan item per group.
//   title       {Category} {couleur} ({état}) – Taille {Size}   (the size part left out when unknown)
//   description {Category} {couleur}. {État}. Envoi rapide depuis {city}. Photos réelles. Remise possible sur lot. #VintedBotStudio
//   price       the group's override, else PRICE_RULES_JSON for its category, else the plan's default, else DEFAULT_PRICE
import { buildHashtags, buildKeywords, emptyFacts } from '../analysis/index.ts';
import { type Category, type Condition, findColour, type Gender, GENDER_WORDS, getCategory, parseCondition, resolveCategory } from '@vintedbot/catalog';

export const TITLE_MAX = 100; // Vinted's limit
export const TITLE_GATE = 70; // our quality gate
export const MAX_PHOTOS = 20;

const CONDITION_FR: Record<Condition, string> = {
  new_with_tags: 'neuf avec étiquette', new_without_tags: 'neuf sans étiquette', very_good: 'très bon état', good: 'bon état', satisfactory: 'état satisfaisant',
};

export interface PlanCluster {
  id: string;
  photo_ids: string[];
  category: string | null;
  category_score: number | null;
  color: string | null;
  color_secondary: string | null;
  brand: string | null;
  size: string | null;
  few_photos: boolean;
  item_id: string | null;
}

export interface PlanDefaults { price?: number; condition?: string; publish?: boolean; gender?: Gender }
export interface PlanOverride {
  title?: string; description?: string; price?: number; condition?: string; publish?: boolean;
  category?: string; color?: string; brand?: string | null; size?: string | null; gender?: Gender;
}

export interface PlanItem {
  cluster_id: string;
  title: string;
  description: string;
  price: number;
  publish: boolean;
  warnings: string[];
  category: string | null;
  colors: string[];
  condition: Condition;
  brand: string | null;
  size: string | null;
  /** Who it is for (plans stored before it existed read as null). */
  gender: Gender;
  photo_ids: string[];
  /** Search words and hashtags (the stock's quality gate wants 3–10 hashtags before publication). */
  keywords: string[];
  hashtags: string[];
  price_source: 'override' | 'price_rules' | 'default' | 'DEFAULT_PRICE' | 'analysed';
}

export interface TemplateSettings {
  city: string | null;
  /** Category key → euros: PRICE_RULES_JSON's base prices (pricing's parser, flat seed form included). */
  categoryPrices: Partial<Record<string, number>>;
  defaultPrice: number;
}

const capitalise = (s: string) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);

/** The facts of one item: the group's figures with the seller's overrides laid over them. */
export function itemFacts(c: PlanCluster, defaults: PlanDefaults, o: PlanOverride = {}) {
  const category: Category | null = o.category !== undefined ? resolveCategory(o.category) : c.category ? (getCategory(c.category) ?? resolveCategory(c.category)) : null;
  const colour = o.color !== undefined ? findColour(o.color) : c.color ? findColour(c.color) : null;
  const second = o.color === undefined && c.color_secondary ? findColour(c.color_secondary) : null;
  const condition = parseCondition(o.condition ?? defaults.condition ?? 'good') ?? 'good';
  return {
    category, colour, colors: [colour?.key, second?.key].filter((x): x is string => !!x).slice(0, 2), condition,
    brand: o.brand !== undefined ? o.brand : c.brand, size: o.size !== undefined ? o.size : c.size,
    gender: o.gender !== undefined ? o.gender : (defaults.gender ?? null),
  };
}

export function templateTitle(category: Category | null, colour: string | null, condition: Condition, size: string | null, gender: Gender = null): string {
  const head = [category?.fr ?? 'Article', colour, gender ? GENDER_WORDS[gender].fr : null].filter(Boolean).join(' ');
  const title = `${head} (${CONDITION_FR[condition]})${size ? ` – Taille ${size}` : ''}`;
  return title.length <= TITLE_MAX ? title : `${title.slice(0, TITLE_MAX - 1)}…`;
}

export function templateDescription(category: Category | null, colour: string | null, brand: string | null, condition: Condition, city: string | null): string {
  const what = [category?.fr ?? 'Article', colour, brand].filter(Boolean).join(' ');
  const shipping = city ? `Envoi rapide depuis ${city}.` : 'Envoi rapide.';
  return `${what}. ${capitalise(CONDITION_FR[condition])}. ${shipping} Photos réelles. Remise possible sur lot. #VintedBotStudio`;
}

export function planPrice(category: Category | null, defaults: PlanDefaults, o: PlanOverride, s: TemplateSettings): { price: number; source: PlanItem['price_source'] } {
  if (o.price !== undefined) return { price: o.price, source: 'override' };
  const rule = category ? s.categoryPrices[category.key] : undefined;
  if (rule !== undefined) return { price: rule, source: 'price_rules' };
  if (defaults.price !== undefined) return { price: defaults.price, source: 'default' };
  return { price: s.defaultPrice, source: 'DEFAULT_PRICE' };
}

/** What the seller should look at before spending anything on this item. */
export function planWarnings(c: PlanCluster, f: ReturnType<typeof itemFacts>, title: string): string[] {
  const w: string[] = [];
  if (c.few_photos) w.push('few_photos');
  if (c.photo_ids.length > MAX_PHOTOS) w.push('too_many_photos');
  if (!f.category) w.push('no_category');
  else if (c.category_score !== null && c.category_score < 0.5) w.push('uncertain_category');
  if (!f.colour) w.push('no_colour');
  if (f.category?.needsSize && !f.size) w.push('no_size');
  if (title.length > TITLE_GATE) w.push('title_too_long');
  if (c.item_id) w.push('already_drafted');
  return w;
}

export function templateItem(c: PlanCluster, defaults: PlanDefaults, o: PlanOverride, s: TemplateSettings): PlanItem {
  const f = itemFacts(c, defaults, o);
  const colourWord = f.colour ? f.colour.fr.toLowerCase() : null;
  const title = o.title ?? templateTitle(f.category, colourWord, f.condition, f.size, f.gender);
  const { price, source } = planPrice(f.category, defaults, o, s);
  const facts = { ...emptyFacts(), category: f.category?.key ?? null, brand: f.brand, size: f.size, condition: f.condition, gender: f.gender, colors: f.colors };
  return {
    cluster_id: c.id,
    title,
    description: o.description ?? templateDescription(f.category, colourWord, f.brand, f.condition, s.city),
    price,
    publish: o.publish ?? defaults.publish ?? false,
    warnings: planWarnings(c, f, title),
    category: f.category?.key ?? null,
    colors: f.colors,
    condition: f.condition,
    brand: f.brand,
    size: f.size,
    gender: f.gender,
    photo_ids: c.photo_ids.slice(0, MAX_PHOTOS),
    keywords: buildKeywords(facts, 'fr'),
    hashtags: buildHashtags(facts, 'fr'),
    price_source: source,
  };
}
