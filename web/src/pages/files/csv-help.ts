import type { Lang } from '../../i18n/types.ts';

// What the CSV import page tells the seller about the columns, and the example file it offers. The web app cannot
// read the server's header table (it talks HTTP only), so it keeps this short list of its own: server/test/web/
// csv-help.test.ts checks every header, synonym and example row here against the server's import, so they cannot drift.

/** A column as the help lists it: `key` is the server's import field (import-columns.ts), headers as a seller writes them. */
export interface HelpColumn {
  key: string;
  fr: string;
  en: string;
  required?: true;
}

// The columns a seller fills by hand, most useful first. The rest of our own export's columns are read too; the
// help says so in a sentence rather than listing thirty lines.
export const HELP_COLUMNS: readonly HelpColumn[] = [
  { key: 'title', fr: 'titre', en: 'title', required: true },
  { key: 'price', fr: 'prix', en: 'price' },
  { key: 'size', fr: 'taille', en: 'size' },
  { key: 'brand', fr: 'marque', en: 'brand' },
  { key: 'condition', fr: 'état', en: 'condition' },
  { key: 'category', fr: 'catégorie', en: 'category' },
  { key: 'colors', fr: 'couleurs', en: 'colours' },
  { key: 'description', fr: 'description', en: 'description' },
  { key: 'status', fr: 'statut', en: 'status' },
  { key: 'gender', fr: 'genre', en: 'gender' },
  { key: 'material', fr: 'matière', en: 'material' },
  { key: 'purchase_cost', fr: 'coût d\'achat', en: 'purchase cost' },
  { key: 'acquired_at', fr: 'acheté le', en: 'acquired at' },
  { key: 'source', fr: 'provenance', en: 'source' },
  { key: 'sku', fr: 'référence', en: 'SKU' },
  { key: 'storage_location', fr: 'emplacement', en: 'location' },
  { key: 'id', fr: 'identifiant', en: 'id' },
];

/** Seller shorthands the import reads as a Vinted condition (key: the server's condition). */
export const CONDITION_SHORTHANDS: readonly (readonly [string, string])[] = [['TBE', 'very_good'], ['BE', 'good'], ['comme neuf', 'very_good'], ['jamais porté', 'new_without_tags']];
/** Colour words Vinted names otherwise, and the colour they become. */
export const COLOUR_SYNONYMS_SHOWN: readonly (readonly [string, string])[] = [['camel', 'beige'], ['écru', 'cream'], ['bleu nuit', 'navy']];
/** The status words, in each language (the server reads both). */
export const STATUS_WORDS: Record<Lang, readonly string[]> = { fr: ['brouillon', 'en vente', 'vendu', 'archivé'], en: ['draft', 'listed', 'sold', 'archived'] };

// The example: what a French seller's Excel saves as "CSV UTF-8" (semicolons, decimal commas, a BOM, CRLF lines), with
// the shorthands the help mentions (TBE, camel) so the file shows them at work. Same rows in both languages, headers
// in the seller's. No SKU: a reference is unique in the stock, so a seller trying the file twice would be refused the
// second time; the app makes one per item instead.
const EXAMPLE_KEYS = ['title', 'price', 'size', 'brand', 'condition', 'category', 'colors', 'status', 'description', 'purchase_cost', 'storage_location'] as const;
const EXAMPLE_ROWS: readonly (readonly string[])[] = [
  ['Pull col roulé en laine Sézane', '45,00', 'M', 'Sézane', 'TBE', 'pull', 'camel', 'en vente', 'Pull en laine mérinos, porté deux fois. Pas de bouloches.', '12', 'Bac 3'],
  ['Jean 501 coupe droite Levi\'s', '29,90', 'W32 L32', 'Levi\'s', 'Bon état', 'jean', 'bleu', 'en vente', 'Jean brut, ourlet d\'origine; légère décoloration aux genoux.', '8,50', 'Bac 1'],
  ['Robe midi fleurie Zara', '18', '38', 'Zara', 'Neuf avec étiquette', 'robe', 'blanc, vert', 'brouillon', 'Robe fluide jamais portée, étiquette encore attachée.', '5', 'Portant'],
  ['Baskets Stan Smith Adidas', '35,50', '42', 'Adidas', 'Très bon état', 'baskets', 'blanc', 'brouillon', '', '', ''],
];

/** A cell as Excel writes it: quoted only when it holds the separator, a quote or a line break. */
const cell = (s: string) => (/[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function exampleCsv(lang: Lang): string {
  const byKey = new Map(HELP_COLUMNS.map((c) => [c.key, c]));
  const header = EXAMPLE_KEYS.map((k) => byKey.get(k)![lang]);
  return `\uFEFF${[header, ...EXAMPLE_ROWS].map((r) => r.map(cell).join(';')).join('\r\n')}\r\n`;
}

export const exampleFileName = (lang: Lang) => (lang === 'fr' ? 'exemple-import-vintedbot.csv' : 'vintedbot-import-example.csv');
