// The words the listing writer needs in each language: garment names with their grammatical gender (French
// agreement of colours and "ce / cette"), colour adjectives, condition phrases and fibres. Keys are ours
// (categories.ts, colours.ts, conditions.ts), so a new category or colour is one line per table.
import type { Condition } from './conditions.ts';

export const LANGUAGES = ['fr', 'en', 'es', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];
export const TONES = ['pro', 'amical', 'fluide'] as const;
export type Tone = (typeof TONES)[number];

type Gender = 'm' | 'f';
export interface Noun { word: string; gender: Gender; plural: boolean }
const n = (word: string, gender: Gender, plural = false): Noun => ({ word, gender, plural });

export const GARMENTS: Record<string, Record<Language, Noun>> = {
  't-shirt': { fr: n('T-shirt', 'm'), en: n('T-shirt', 'm'), es: n('Camiseta', 'f'), de: n('T-Shirt', 'm') },
  shirt: { fr: n('Chemise', 'f'), en: n('Shirt', 'm'), es: n('Camisa', 'f'), de: n('Hemd', 'm') },
  polo: { fr: n('Polo', 'm'), en: n('Polo shirt', 'm'), es: n('Polo', 'm'), de: n('Poloshirt', 'm') },
  jumper: { fr: n('Pull', 'm'), en: n('Jumper', 'm'), es: n('Jersey', 'm'), de: n('Pullover', 'm') },
  sweatshirt: { fr: n('Sweat', 'm'), en: n('Sweatshirt', 'm'), es: n('Sudadera', 'f'), de: n('Sweatshirt', 'm') },
  hoodie: { fr: n('Sweat à capuche', 'm'), en: n('Hoodie', 'm'), es: n('Sudadera con capucha', 'f'), de: n('Hoodie', 'm') },
  jacket: { fr: n('Veste', 'f'), en: n('Jacket', 'm'), es: n('Chaqueta', 'f'), de: n('Jacke', 'f') },
  coat: { fr: n('Manteau', 'm'), en: n('Coat', 'm'), es: n('Abrigo', 'm'), de: n('Mantel', 'm') },
  puffer: { fr: n('Doudoune', 'f'), en: n('Puffer jacket', 'm'), es: n('Plumífero', 'm'), de: n('Steppjacke', 'f') },
  dress: { fr: n('Robe', 'f'), en: n('Dress', 'm'), es: n('Vestido', 'm'), de: n('Kleid', 'm') },
  skirt: { fr: n('Jupe', 'f'), en: n('Skirt', 'm'), es: n('Falda', 'f'), de: n('Rock', 'm') },
  jeans: { fr: n('Jean', 'm'), en: n('Jeans', 'm', true), es: n('Vaqueros', 'm', true), de: n('Jeans', 'f') },
  trousers: { fr: n('Pantalon', 'm'), en: n('Trousers', 'm', true), es: n('Pantalón', 'm'), de: n('Hose', 'f') },
  joggers: { fr: n('Jogging', 'm'), en: n('Joggers', 'm', true), es: n('Pantalón de chándal', 'm'), de: n('Jogginghose', 'f') },
  shorts: { fr: n('Short', 'm'), en: n('Shorts', 'm', true), es: n('Pantalón corto', 'm'), de: n('Shorts', 'f', true) },
  trainers: { fr: n('Baskets', 'f', true), en: n('Trainers', 'm', true), es: n('Zapatillas', 'f', true), de: n('Sneaker', 'm', true) },
  shoes: { fr: n('Chaussures', 'f', true), en: n('Shoes', 'm', true), es: n('Zapatos', 'm', true), de: n('Schuhe', 'm', true) },
  hat: { fr: n('Chapeau', 'm'), en: n('Hat', 'm'), es: n('Sombrero', 'm'), de: n('Hut', 'm') },
  cap: { fr: n('Casquette', 'f'), en: n('Cap', 'm'), es: n('Gorra', 'f'), de: n('Cap', 'f') },
  beanie: { fr: n('Bonnet', 'm'), en: n('Beanie', 'm'), es: n('Gorro', 'm'), de: n('Mütze', 'f') },
  handbag: { fr: n('Sac à main', 'm'), en: n('Handbag', 'm'), es: n('Bolso', 'm'), de: n('Handtasche', 'f') },
  backpack: { fr: n('Sac à dos', 'm'), en: n('Backpack', 'm'), es: n('Mochila', 'f'), de: n('Rucksack', 'm') },
};
export const UNKNOWN_GARMENT: Record<Language, Noun> = { fr: n('Article', 'm'), en: n('Item', 'm'), es: n('Artículo', 'm'), de: n('Artikel', 'm') };

// Colour as an adjective agreeing with the garment (titles) and as a noun ("coloris marine", descriptions).
// French and Spanish: [masculine, feminine, invariable?]; plural adds -s (or -es) unless invariable.
type Adj = { m: string; f: string; inv?: boolean };
const a = (m: string, f = m, inv = false): Adj => ({ m, f, inv });
export const COLOURS: Record<string, { fr: Adj; es: Adj; en: string; de: string; frNoun: string; esNoun: string; deNoun: string }> = {
  black: { fr: a('noir', 'noire'), es: a('negro', 'negra'), en: 'black', de: 'schwarz', frNoun: 'noir', esNoun: 'negro', deNoun: 'Schwarz' },
  white: { fr: a('blanc', 'blanche'), es: a('blanco', 'blanca'), en: 'white', de: 'weiß', frNoun: 'blanc', esNoun: 'blanco', deNoun: 'Weiß' },
  grey: { fr: a('gris', 'grise'), es: a('gris'), en: 'grey', de: 'grau', frNoun: 'gris', esNoun: 'gris', deNoun: 'Grau' },
  beige: { fr: a('beige'), es: a('beige'), en: 'beige', de: 'beige', frNoun: 'beige', esNoun: 'beige', deNoun: 'Beige' },
  brown: { fr: a('marron', 'marron', true), es: a('marrón'), en: 'brown', de: 'braun', frNoun: 'marron', esNoun: 'marrón', deNoun: 'Braun' },
  blue: { fr: a('bleu', 'bleue'), es: a('azul'), en: 'blue', de: 'blau', frNoun: 'bleu', esNoun: 'azul', deNoun: 'Blau' },
  light_blue: { fr: a('bleu clair', 'bleu clair', true), es: a('azul claro', 'azul claro', true), en: 'light blue', de: 'hellblau', frNoun: 'bleu clair', esNoun: 'azul claro', deNoun: 'Hellblau' },
  navy: { fr: a('marine', 'marine', true), es: a('azul marino', 'azul marino', true), en: 'navy', de: 'marineblau', frNoun: 'marine', esNoun: 'azul marino', deNoun: 'Marineblau' },
  red: { fr: a('rouge'), es: a('rojo', 'roja'), en: 'red', de: 'rot', frNoun: 'rouge', esNoun: 'rojo', deNoun: 'Rot' },
  burgundy: { fr: a('bordeaux', 'bordeaux', true), es: a('burdeos', 'burdeos', true), en: 'burgundy', de: 'bordeauxrot', frNoun: 'bordeaux', esNoun: 'burdeos', deNoun: 'Bordeauxrot' },
  pink: { fr: a('fuchsia', 'fuchsia', true), es: a('fucsia', 'fucsia', true), en: 'pink', de: 'pink', frNoun: 'fuchsia', esNoun: 'fucsia', deNoun: 'Pink' },
  light_pink: { fr: a('rose'), es: a('rosa', 'rosa', true), en: 'light pink', de: 'rosa', frNoun: 'rose', esNoun: 'rosa', deNoun: 'Rosa' },
  purple: { fr: a('violet', 'violette'), es: a('morado', 'morada'), en: 'purple', de: 'lila', frNoun: 'violet', esNoun: 'morado', deNoun: 'Lila' },
  lilac: { fr: a('lila', 'lila', true), es: a('lila', 'lila', true), en: 'lilac', de: 'flieder', frNoun: 'lila', esNoun: 'lila', deNoun: 'Flieder' },
  green: { fr: a('vert', 'verte'), es: a('verde'), en: 'green', de: 'grün', frNoun: 'vert', esNoun: 'verde', deNoun: 'Grün' },
  dark_green: { fr: a('vert foncé', 'vert foncé', true), es: a('verde oscuro', 'verde oscuro', true), en: 'dark green', de: 'dunkelgrün', frNoun: 'vert foncé', esNoun: 'verde oscuro', deNoun: 'Dunkelgrün' },
  mint: { fr: a('menthe', 'menthe', true), es: a('menta', 'menta', true), en: 'mint', de: 'mint', frNoun: 'menthe', esNoun: 'menta', deNoun: 'Mint' },
  khaki: { fr: a('kaki', 'kaki', true), es: a('caqui', 'caqui', true), en: 'khaki', de: 'khaki', frNoun: 'kaki', esNoun: 'caqui', deNoun: 'Khaki' },
  yellow: { fr: a('jaune'), es: a('amarillo', 'amarilla'), en: 'yellow', de: 'gelb', frNoun: 'jaune', esNoun: 'amarillo', deNoun: 'Gelb' },
  mustard: { fr: a('moutarde', 'moutarde', true), es: a('mostaza', 'mostaza', true), en: 'mustard', de: 'senfgelb', frNoun: 'moutarde', esNoun: 'mostaza', deNoun: 'Senfgelb' },
  orange: { fr: a('orange', 'orange', true), es: a('naranja', 'naranja', true), en: 'orange', de: 'orange', frNoun: 'orange', esNoun: 'naranja', deNoun: 'Orange' },
  apricot: { fr: a('abricot', 'abricot', true), es: a('albaricoque', 'albaricoque', true), en: 'apricot', de: 'apricot', frNoun: 'abricot', esNoun: 'albaricoque', deNoun: 'Apricot' },
  coral: { fr: a('corail', 'corail', true), es: a('coral', 'coral', true), en: 'coral', de: 'koralle', frNoun: 'corail', esNoun: 'coral', deNoun: 'Koralle' },
  cream: { fr: a('crème', 'crème', true), es: a('crema', 'crema', true), en: 'cream', de: 'creme', frNoun: 'crème', esNoun: 'crema', deNoun: 'Creme' },
  turquoise: { fr: a('turquoise'), es: a('turquesa', 'turquesa', true), en: 'turquoise', de: 'türkis', frNoun: 'turquoise', esNoun: 'turquesa', deNoun: 'Türkis' },
  silver: { fr: a('argenté', 'argentée'), es: a('plateado', 'plateada'), en: 'silver', de: 'silber', frNoun: 'argenté', esNoun: 'plateado', deNoun: 'Silber' },
  gold: { fr: a('doré', 'dorée'), es: a('dorado', 'dorada'), en: 'gold', de: 'gold', frNoun: 'doré', esNoun: 'dorado', deNoun: 'Gold' },
  multi: { fr: a('multicolore'), es: a('multicolor'), en: 'multicolour', de: 'mehrfarbig', frNoun: 'multicolore', esNoun: 'multicolor', deNoun: 'Mehrfarbig' },
  clear: { fr: a('transparent', 'transparente'), es: a('transparente'), en: 'clear', de: 'transparent', frNoun: 'transparent', esNoun: 'transparente', deNoun: 'Transparent' },
};

/** The colour adjective agreeing with the garment noun (French and Spanish), or the plain adjective. */
export function colourAdjective(key: string, lang: Language, noun: Noun): string | null {
  const c = COLOURS[key];
  if (!c) return null;
  if (lang === 'en') return c.en;
  if (lang === 'de') return c.de;
  const adj = lang === 'fr' ? c.fr : c.es;
  const base = noun.gender === 'f' ? adj.f : adj.m;
  if (!noun.plural || adj.inv) return base;
  if (/[sx]$/.test(base)) return base;
  return lang === 'es' && /[^aeiouáéíóú]$/.test(base) ? `${base}es`.replace(/ón(es)$/, 'on$1') : `${base}s`;
}

export function colourNoun(key: string, lang: Language): string | null {
  const c = COLOURS[key];
  if (!c) return null;
  return lang === 'fr' ? c.frNoun : lang === 'es' ? c.esNoun : lang === 'de' ? c.deNoun : c.en;
}

/** Who the garment is for, as buyers type it in a search ("sweat homme"). */
export const GENDER_WORDS: Record<'women' | 'men' | 'kids', Record<Language, string>> = {
  women: { fr: 'femme', en: 'women', es: 'mujer', de: 'Damen' },
  men: { fr: 'homme', en: 'men', es: 'hombre', de: 'Herren' },
  kids: { fr: 'enfant', en: 'kids', es: 'niños', de: 'Kinder' },
};

/** Condition as a title tail ("Très bon état") and as a phrase inside a sentence ("très bon état"). */
export const CONDITION_WORDS: Record<Condition, Record<Language, string>> = {
  new_with_tags: { fr: 'Neuf avec étiquette', en: 'New with tags', es: 'Nuevo con etiquetas', de: 'Neu mit Etikett' },
  new_without_tags: { fr: 'Neuf sans étiquette', en: 'New without tags', es: 'Nuevo sin etiquetas', de: 'Neu ohne Etikett' },
  very_good: { fr: 'Très bon état', en: 'Very good condition', es: 'Muy buen estado', de: 'Sehr guter Zustand' },
  good: { fr: 'Bon état', en: 'Good condition', es: 'Buen estado', de: 'Guter Zustand' },
  satisfactory: { fr: 'État satisfaisant', en: 'Satisfactory condition', es: 'Estado aceptable', de: 'Zufriedenstellender Zustand' },
};

/** Fibres by key, with the words that name them on labels (fr, en, es, de, it) for the label reader. */
export const FIBRES: Record<string, { fr: string; en: string; es: string; de: string; words: string[] }> = {
  cotton: { fr: 'coton', en: 'cotton', es: 'algodón', de: 'Baumwolle', words: ['coton', 'cotton', 'algodon', 'baumwolle', 'cotone', 'katoen'] },
  wool: { fr: 'laine', en: 'wool', es: 'lana', de: 'Wolle', words: ['laine', 'wool', 'lana', 'wolle', 'wol', 'merino', 'merinos'] },
  cashmere: { fr: 'cachemire', en: 'cashmere', es: 'cachemira', de: 'Kaschmir', words: ['cachemire', 'cashmere', 'cachemira', 'kaschmir', 'cashmir'] },
  silk: { fr: 'soie', en: 'silk', es: 'seda', de: 'Seide', words: ['soie', 'silk', 'seda', 'seide', 'seta'] },
  linen: { fr: 'lin', en: 'linen', es: 'lino', de: 'Leinen', words: ['lin', 'linen', 'lino', 'leinen'] },
  polyester: { fr: 'polyester', en: 'polyester', es: 'poliéster', de: 'Polyester', words: ['polyester', 'poliester', 'polyesters'] },
  polyamide: { fr: 'polyamide', en: 'polyamide', es: 'poliamida', de: 'Polyamid', words: ['polyamide', 'poliamida', 'polyamid', 'poliammide'] },
  nylon: { fr: 'nylon', en: 'nylon', es: 'nailon', de: 'Nylon', words: ['nylon', 'nailon'] },
  viscose: { fr: 'viscose', en: 'viscose', es: 'viscosa', de: 'Viskose', words: ['viscose', 'viscosa', 'viskose', 'rayon'] },
  elastane: { fr: 'élasthanne', en: 'elastane', es: 'elastano', de: 'Elasthan', words: ['elasthanne', 'elastane', 'elastano', 'elasthan', 'spandex', 'lycra', 'elastan'] },
  acrylic: { fr: 'acrylique', en: 'acrylic', es: 'acrílico', de: 'Polyacryl', words: ['acrylique', 'acrylic', 'acrilico', 'polyacryl', 'acryl'] },
  leather: { fr: 'cuir', en: 'leather', es: 'piel', de: 'Leder', words: ['cuir', 'leather', 'piel', 'leder', 'pelle'] },
  suede: { fr: 'daim', en: 'suede', es: 'ante', de: 'Wildleder', words: ['daim', 'suede', 'wildleder'] },
  lyocell: { fr: 'lyocell', en: 'lyocell', es: 'lyocell', de: 'Lyocell', words: ['lyocell', 'tencel'] },
  modal: { fr: 'modal', en: 'modal', es: 'modal', de: 'Modal', words: ['modal'] },
  alpaca: { fr: 'alpaga', en: 'alpaca', es: 'alpaca', de: 'Alpaka', words: ['alpaga', 'alpaca', 'alpaka'] },
  mohair: { fr: 'mohair', en: 'mohair', es: 'mohair', de: 'Mohair', words: ['mohair'] },
  denim: { fr: 'denim', en: 'denim', es: 'denim', de: 'Denim', words: ['denim'] },
  angora: { fr: 'angora', en: 'angora', es: 'angora', de: 'Angora', words: ['angora'] },
  polyurethane: { fr: 'polyuréthane', en: 'polyurethane', es: 'poliuretano', de: 'Polyurethan', words: ['polyurethane', 'polyurethanne', 'poliuretano', 'polyurethan', 'pu'] },
  elastomultiester: { fr: 'élastomultiester', en: 'elastomultiester', es: 'elastomultiéster', de: 'Elastomultiester', words: ['elastomultiester', 'elasterell'] },
};

const fold = (s: string) => s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
const FIBRE_BY_WORD = new Map<string, string>();
for (const [key, f] of Object.entries(FIBRES)) for (const w of [...f.words, fold(f.fr), fold(f.en), fold(f.es), fold(f.de)]) FIBRE_BY_WORD.set(w, key);

/** The fibre key for a word as printed on a label ("COTON", "Baumwolle"); null when it is not a fibre. */
export function fibreFromWord(word: string): string | null {
  return FIBRE_BY_WORD.get(fold(word).trim()) ?? null;
}

export interface Fibre { fibre: string; percent: number | null }

/** "80 % laine, 20 % polyamide" (or "laine" without percentages) in the given language. */
export function compositionText(fibres: Fibre[], lang: Language): string | null {
  if (!fibres.length) return null;
  const pct = (p: number) => (lang === 'en' ? `${p}%` : `${p} %`);
  return fibres
    .map((f) => {
      const word = FIBRES[f.fibre]?.[lang] ?? f.fibre;
      return f.percent !== null ? `${pct(f.percent)} ${word}` : word;
    })
    .join(', ');
}
