import { type Condition, CONDITION_INFO, getCategory } from '@vintedbot/catalog';
import type { ItemStatus } from '../listings/index.ts';

// The PDF catalogue's words in the seller's language (the `lang` of GET /export/pdf). Conditions and categories
// are the catalogue's own French/English labels; money and dates are formatted with the locales the web app uses
// (web/src/i18n/index.tsx): "12,90 €" / "€12.90", "7 déc. 2026" / "7 Dec 2026".

export const PDF_LANGS = ['fr', 'en'] as const;
export type PdfLang = (typeof PDF_LANGS)[number];

export type PdfColumn = 'photo' | 'title' | 'brand' | 'size' | 'condition' | 'price' | 'status';

interface Words {
  locale: string;
  columns: Record<PdfColumn, string>;
  /** The status names, as the web app shows them (web/src/i18n/messages/shell.ts, `status`). */
  status: Record<ItemStatus, string>;
  items(n: number): string;
  statuses(names: string[]): string;
  printed(date: string): string;
  empty: string;
  noPhoto: string;
  /** The seller's reference under the title. */
  sku(sku: string): string;
}

const WORDS: Record<PdfLang, Words> = {
  fr: {
    locale: 'fr-FR',
    columns: { photo: 'Photo', title: 'Article', brand: 'Marque', size: 'Taille', condition: 'État', price: 'Prix', status: 'Statut' },
    status: { draft: 'Brouillon', listed: 'En vente', sold: 'Vendu', archived: 'Archivé' },
    items: (n) => `${n} article${n > 1 ? 's' : ''}`,
    statuses: (names) => `${names.length > 1 ? 'statuts' : 'statut'} : ${names.join(', ')}`,
    printed: (date) => `Édité le ${date}`,
    empty: 'Aucun article à afficher.',
    noPhoto: 'sans photo',
    sku: (sku) => `Réf. ${sku}`,
  },
  en: {
    locale: 'en-GB',
    columns: { photo: 'Photo', title: 'Item', brand: 'Brand', size: 'Size', condition: 'Condition', price: 'Price', status: 'Status' },
    status: { draft: 'Draft', listed: 'Listed', sold: 'Sold', archived: 'Archived' },
    items: (n) => `${n} item${n === 1 ? '' : 's'}`,
    statuses: (names) => `${names.length > 1 ? 'statuses' : 'status'}: ${names.join(', ')}`,
    printed: (date) => `Printed on ${date}`,
    empty: 'No items to show.',
    noPhoto: 'no photo',
    sku: (sku) => `SKU ${sku}`,
  },
};

export type PdfWords = Words & {
  lang: PdfLang;
  money(cents: number | null): string;
  date(d: Date): string;
  condition(key: string): string;
  category(key: string): string;
  statusName(status: string): string;
};

/** The words and formats of a catalogue in `lang`. */
export function pdfWords(lang: PdfLang): PdfWords {
  const w = WORDS[lang];
  const eur = new Intl.NumberFormat(w.locale, { style: 'currency', currency: 'EUR' });
  const day = new Intl.DateTimeFormat(w.locale, { dateStyle: 'medium' });
  return {
    ...w,
    lang,
    money: (cents) => (cents === null ? '—' : eur.format(cents / 100)),
    date: (d) => day.format(d),
    condition: (key) => CONDITION_INFO[key as Condition]?.[lang] ?? key,
    category: (key) => getCategory(key)?.[lang] ?? key,
    statusName: (status) => w.status[status as ItemStatus] ?? status,
  };
}
