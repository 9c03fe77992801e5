import { type Condition, CONDITION_INFO, getCategory, VINTED_COLOURS } from '@vintedbot/catalog';
import type { ExportRow } from '../listings/index.ts';
import { formatEurosCell, protectCell } from './csv-cells.ts';

export interface CsvOptions {
  delimiter: ',' | ';';
  decimalComma: boolean;
  bom: boolean;
}

type Cell = string | number;
export interface Column { header: string; value: (r: ExportRow, o: CsvOptions) => Cell }

const list = (s: string) => (s === '[]' ? '' : (JSON.parse(s) as string[]).join(', '));
const bool = (n: number) => (n ? 'true' : 'false');
const money = (c: number | null, o: CsvOptions) => formatEurosCell(c, o.decimalComma);

/** Every field of an item, in the API's names; `price_suggestion_*` flattened. The import reads these headers back. */
export const STOCK_COLUMNS: Column[] = [
  { header: 'id', value: (r) => r.row.id },
  { header: 'title', value: (r) => r.row.title },
  { header: 'description', value: (r) => r.row.description },
  { header: 'brand', value: (r) => r.row.brand ?? '' },
  { header: 'category', value: (r) => r.row.category ?? '' },
  { header: 'size', value: (r) => r.row.size ?? '' },
  { header: 'condition', value: (r) => r.row.condition ?? '' },
  { header: 'colors', value: (r) => list(r.row.colors) },
  { header: 'material', value: (r) => r.row.material ?? '' },
  { header: 'gender', value: (r) => r.row.gender ?? '' },
  { header: 'keywords', value: (r) => list(r.row.keywords) },
  { header: 'hashtags', value: (r) => list(r.row.hashtags) },
  { header: 'price', value: (r, o) => money(r.row.price_cents, o) },
  { header: 'price_suggestion_min', value: (r, o) => money(r.row.suggestion_min_cents, o) },
  { header: 'price_suggestion_target', value: (r, o) => money(r.row.suggestion_target_cents, o) },
  { header: 'price_suggestion_max', value: (r, o) => money(r.row.suggestion_max_cents, o) },
  { header: 'price_suggestion_justification', value: (r) => r.row.suggestion_justification ?? '' },
  { header: 'status', value: (r) => r.row.status },
  { header: 'listed_at', value: (r) => r.row.listed_at ?? '' },
  { header: 'sold_at', value: (r) => r.row.sold_at ?? '' },
  { header: 'sold_price', value: (r, o) => money(r.row.sold_price_cents, o) },
  { header: 'archived_at', value: (r) => r.row.archived_at ?? '' },
  { header: 'possible_duplicate', value: (r) => bool(r.row.possible_duplicate) },
  { header: 'duplicate_of', value: (r) => r.row.duplicate_of },
  { header: 'estimated_sale_score', value: (r) => r.row.estimated_sale_score ?? '' },
  { header: 'publish_ready', value: (r) => bool(r.row.publish_ready) },
  { header: 'missing_fields', value: (r) => list(r.row.missing_fields) },
  { header: 'photos', value: (r) => r.photos.join(' ') },
  { header: 'vinted_listing_id', value: (r) => r.row.vinted_listing_id ?? '' },
  { header: 'vinted_url', value: (r) => r.row.vinted_url ?? '' },
  // "auto": the item follows the seller-wide default (drop_by_default); true / false: the seller chose for this item.
  { header: 'auto_drop', value: (r) => (r.row.auto_drop_chosen ? bool(r.row.auto_drop) : 'auto') },
  { header: 'drop_rate', value: (r, o) => (r.row.drop_rate === null ? '' : o.decimalComma ? String(r.row.drop_rate).replace('.', ',') : r.row.drop_rate) },
  { header: 'floor', value: (r, o) => money(r.row.floor_cents, o) },
  { header: 'publish_opt_in', value: (r) => bool(r.row.publish_opt_in) },
  { header: 'demo', value: (r) => bool(r.row.demo) },
  // What a reseller tracks (issue 18): read back by the import (import-columns.ts).
  { header: 'purchase_cost', value: (r, o) => money(r.row.purchase_cost_cents ?? null, o) },
  { header: 'acquired_at', value: (r) => r.row.acquired_at ?? '' },
  { header: 'source', value: (r) => r.row.source ?? '' },
  { header: 'sku', value: (r) => r.row.sku ?? '' },
  { header: 'storage_location', value: (r) => r.row.storage_location ?? '' },
  { header: 'created_at', value: (r) => r.row.created_at },
  { header: 'updated_at', value: (r) => r.row.updated_at },
];

/** Our documented Vinted CSV (shared/VINTED.md): French columns and labels, photos as links usable elsewhere. */
export const vintedColumns = (photoLink: (photoId: string) => string): Column[] => [
  { header: 'titre', value: (r) => r.row.title },
  { header: 'description', value: (r) => r.row.description },
  { header: 'prix', value: (r, o) => money(r.row.price_cents, o) },
  { header: 'categorie', value: (r) => (r.row.category ? (getCategory(r.row.category)?.fr ?? r.row.category) : '') },
  { header: 'taille', value: (r) => r.row.size ?? '' },
  { header: 'etat', value: (r) => (r.row.condition ? (CONDITION_INFO[r.row.condition as Condition]?.fr ?? r.row.condition) : '') },
  { header: 'marque', value: (r) => r.row.brand ?? '' },
  { header: 'couleur', value: (r) => (JSON.parse(r.row.colors) as string[]).map((k) => VINTED_COLOURS.find((c) => c.key === k)?.fr ?? k).join(', ') },
  { header: 'photos', value: (r) => r.photos.map(photoLink).join(' ') },
];

/**
 * One CSV record (RFC 4180): a cell is quoted when it holds the delimiter, a quote, a line break or edge spaces,
 * its quotes doubled. Written here rather than with csv-stringify: this is the whole of what an export needs, and
 * csv-stringify cost 45 µs per 36-column row, most of the CSV export's time at 10 k items.
 */
const QUOTE_WHEN: Record<string, RegExp> = { ',': /[,"\r\n]|^ | $/, ';': /[;"\r\n]|^ | $/ };
export function csvRecord(cells: Cell[], delimiter: ',' | ';'): string {
  const needsQuote = QUOTE_WHEN[delimiter];
  let line = '';
  for (let i = 0; i < cells.length; i++) line += (i ? delimiter : '') + quoteCell(cells[i], needsQuote);
  return `${line}\r\n`;
}

// A number's text (digits, point, sign, exponent) never needs quotes.
const quoteCell = (v: Cell, needsQuote: RegExp) =>
  (typeof v === 'number' ? String(v) : needsQuote.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/**
 * The CSV as a stream of chunks, one per batch of rows (a thousand rows joined into one write): a header even for an
 * empty stock, every text cell made inert against formula injection (a leading apostrophe), a UTF-8 BOM so
 * spreadsheets read the accents.
 */
export async function* csvChunks(batches: AsyncIterable<ExportRow[]>, columns: Column[], o: CsvOptions): AsyncGenerator<string> {
  yield (o.bom ? '\uFEFF' : '') + csvRecord(columns.map((c) => c.header), o.delimiter);
  const needsQuote = QUOTE_WHEN[o.delimiter];
  for await (const batch of batches) {
    let chunk = '';
    for (const r of batch) {
      let line = '';
      for (let i = 0; i < columns.length; i++) {
        // Every string cell is protected: a computed one (a list, a label) can carry seller text too.
        const v = columns[i].value(r, o);
        line += (i ? o.delimiter : '') + quoteCell(typeof v === 'string' ? protectCell(v) : v, needsQuote);
      }
      chunk += `${line}\r\n`;
    }
    yield chunk;
  }
}
