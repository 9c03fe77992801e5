import fs from 'node:fs/promises';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { LocalPhotoStore, type PhotoStore } from '../../platform/storage/photo-store.ts';
import type { ExportRow, ListingsService } from '../listings/index.ts';
import type { PhotosService } from '../photos/index.ts';
import { type PdfColumn, type PdfLang, type PdfWords, pdfWords } from './pdf-words.ts';

// An A4 catalogue of the stock: a header and column titles on every page, one row per item with its thumbnail,
// page numbers "Page n / N", in the seller's language (French or English, pdf-words.ts). Pages are written as they
// are laid out and the generator waits while the reader is behind, so 10 k items never sit in memory. PDF's standard
// Helvetica covers French and English (WinAnsi); other characters are folded or replaced (see winAnsi).
const A4 = { w: 595.28, h: 841.89 };
const M = 36;
const HEADER_H = 58;
const COLS_H = 18;
const ROW_H = 58;
const THUMB = 50;
const FOOTER_H = 28;
const TOP = M + HEADER_H + COLS_H;
export const ROWS_PER_PAGE = Math.floor((A4.h - TOP - M - FOOTER_H) / ROW_H);

const COLUMNS: { key: PdfColumn; x: number; w: number }[] = [
  { key: 'photo', x: M, w: 60 },
  { key: 'title', x: M + 60, w: 177 },
  { key: 'brand', x: M + 237, w: 76 },
  { key: 'size', x: M + 313, w: 42 },
  { key: 'condition', x: M + 355, w: 72 },
  { key: 'price', x: M + 427, w: 46 },
  { key: 'status', x: M + 478, w: 45 },
];
const col = (k: PdfColumn) => COLUMNS.find((c) => c.key === k)!;

const STATUS_COLOUR: Record<string, string> = { draft: '#6b7280', listed: '#047857', sold: '#1d4ed8', archived: '#9ca3af' };

export interface CatalogueOptions {
  /** The statuses printed, in this order (the items on sale by default, chosen by the route). */
  statuses: string[];
  shopName: string;
  city: string | null;
  /** The language of every word, date and price printed (French by default). */
  lang?: PdfLang;
  dataDir: string;
  /** The app's photo store (a bucket with STORAGE=s3): thumbnails missing from the local folder are fetched through it. */
  photoStore?: Pick<PhotoStore, 'stat'>;
  /** The generator pauses while more than this is waiting to be read. */
  highWaterMark?: number;
  signal?: AbortSignal;
}

/** What the catalogue reads: the stock (counted, then in batches) and where each photo's thumbnail is. */
export interface CatalogueSources {
  listings: Pick<ListingsService, 'countItems' | 'exportRows'>;
  photos: Pick<PhotosService, 'sha256s'>;
}

const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
/** Text the standard PDF fonts can show: accents kept, look-alikes folded, emoji dropped, the rest "?". */
export function winAnsi(s: string): string {
  let out = '';
  for (const ch of s.replace(/\p{Extended_Pictographic}\uFE0F?/gu, '').replace(/→/g, '->').replace(/[\u2010-\u2012]/g, '-').replace(/[\u2007\u202f]/g, '\u00a0')) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.includes(ch) || ch === '\n') out += ch;
    else {
      const folded = ch.normalize('NFD').replace(/\p{M}/gu, '');
      out += folded !== ch && /^[\x20-\x7e]+$/.test(folded) ? folded : '?';
    }
  }
  return out.replace(/ {2,}/g, ' ').trim();
}

/** Builds the catalogue into a PDFKit document (a Readable); the caller pipes it to the response. */
export function catalogue(stock: CatalogueSources, o: CatalogueOptions): PDFKit.PDFDocument {
  const w = pdfWords(o.lang ?? 'fr');
  const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false, compress: true, lang: w.locale, info: { Title: `Catalogue ${o.shopName}`, Creator: 'VintedBot' } });
  const store: Pick<PhotoStore, 'stat'> = o.photoStore ?? new LocalPhotoStore(path.join(o.dataDir, 'photos'));
  void (async () => {
    try {
      let total = 0;
      for (const status of o.statuses) total += await stock.listings.countItems(status);
      const pages = Math.max(1, Math.ceil(total / ROWS_PER_PAGE));
      const printed = w.date(new Date());
      const meta = { total, pages, printed };
      let page = 0;
      let slot = ROWS_PER_PAGE;
      const newPage = () => {
        doc.addPage({ size: 'A4', margin: 0 });
        page++;
        slot = 0;
        drawHeader(doc, o, w, meta, page);
      };
      if (total === 0) {
        newPage();
        doc.font('Helvetica-Oblique').fontSize(11).fillColor('#6b7280').text(winAnsi(w.empty), M, TOP + 24, { width: A4.w - 2 * M, align: 'center' });
      }
      for (const status of o.statuses) {
        for await (const batch of stock.listings.exportRows({ status, batch: ROWS_PER_PAGE * 4 })) {
          const thumbs = await thumbnails(stock.photos, store, batch);
          for (const r of batch) {
            if (o.signal?.aborted) return;
            if (slot === ROWS_PER_PAGE) {
              await backpressure(doc, o);
              newPage();
            }
            drawRow(doc, w, r, thumbs.get(r.row.id) ?? null, TOP + slot * ROW_H, slot);
            slot++;
          }
        }
      }
      doc.end();
    } catch (e) {
      doc.destroy(e instanceof Error ? e : new Error(String(e)));
    }
  })();
  return doc;
}

// The shop name and the line under it keep to one line each (a long name ends in "…"): with a width, PDFKit wraps
// even when told lineBreak: false, and a second line ran over the line below.
function drawHeader(doc: PDFKit.PDFDocument, o: CatalogueOptions, w: PdfWords, meta: { total: number; pages: number; printed: string }, page: number) {
  const right = A4.w - M;
  doc.font('Helvetica-Bold').fontSize(17).fillColor('#111827').text(winAnsi(`Catalogue — ${o.shopName}`), M, M, { width: 330, height: 24, ellipsis: true });
  const all = o.statuses.length === Object.keys(w.status).length;
  const statuses = all ? null : w.statuses(o.statuses.map(w.statusName));
  const sub = [o.city, w.items(meta.total), statuses].filter(Boolean).join(' · ');
  doc.font('Helvetica').fontSize(9).fillColor('#4b5563').text(winAnsi(sub), M, M + 23, { width: 330, height: 14, ellipsis: true });
  doc.text(winAnsi(w.printed(meta.printed)), right - 180, M + 4, { width: 180, align: 'right', lineBreak: false });
  doc.moveTo(M, M + HEADER_H - 12).lineTo(right, M + HEADER_H - 12).lineWidth(1).strokeColor('#111827').stroke();
  const y = M + HEADER_H - 6;
  doc.rect(M, y - 3, right - M, COLS_H).fill('#f3f4f6');
  doc.font('Helvetica-Bold').fontSize(8).fillColor('#374151');
  for (const c of COLUMNS) doc.text(winAnsi(w.columns[c.key].toLocaleUpperCase(w.locale)), c.x + 4, y + 2, { width: c.w - 8, lineBreak: false, align: c.key === 'price' ? 'right' : 'left' });
  doc.font('Helvetica').fontSize(8).fillColor('#6b7280')
    .text(`Page ${page} / ${meta.pages}`, M, A4.h - M - 10, { width: A4.w - 2 * M, align: 'center', lineBreak: false });
  doc.text('VintedBot', M, A4.h - M - 10, { width: 120, lineBreak: false });
}

function drawRow(doc: PDFKit.PDFDocument, w: PdfWords, r: ExportRow, thumb: Buffer | null, y: number, slot: number) {
  const { row } = r;
  if (slot % 2 === 1) doc.rect(M, y, A4.w - 2 * M, ROW_H).fill('#fafafa');
  const ph = col('photo');
  const tx = ph.x + 4;
  const ty = y + (ROW_H - THUMB) / 2;
  if (thumb) doc.image(thumb, tx, ty, { width: THUMB, height: THUMB });
  else {
    doc.rect(tx, ty, THUMB, THUMB).fill('#e5e7eb');
    doc.font('Helvetica').fontSize(7).fillColor('#9ca3af').text(winAnsi(w.noPhoto), tx, ty + THUMB / 2 - 4, { width: THUMB, align: 'center', lineBreak: false });
  }
  const t = col('title');
  doc.font('Helvetica-Bold').fontSize(9).fillColor('#111827').text(winAnsi(row.title), t.x + 4, y + 9, { width: t.w - 8, height: 24, ellipsis: true });
  const cat = row.category ? w.category(row.category) : '';
  // The seller's reference under the title (issue 18): the printed catalogue finds the item by its label.
  const line = [cat, row.sku ? w.sku(row.sku) : ''].filter(Boolean).join(' · ');
  doc.font('Helvetica').fontSize(7.5).fillColor('#6b7280').text(winAnsi(line), t.x + 4, y + 36, { width: t.w - 8, lineBreak: false, ellipsis: true });
  const cell = (k: PdfColumn, text: string, opts: { bold?: boolean; colour?: string; align?: 'left' | 'right'; fit?: boolean } = {}) => {
    const c = col(k);
    const shown = winAnsi(text);
    doc.font(opts.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5).fillColor(opts.colour ?? '#1f2937');
    // A price stays on one line: a long one ("99 999,99 €", "€99,999.99") is printed smaller rather than wrapped.
    const size = opts.fit ? Math.max(6, Math.min(8.5, (8.5 * (c.w - 8)) / doc.widthOfString(shown))) : 8.5;
    // Smaller type sits on the row's baseline (Helvetica's ascender is 0.718 em).
    doc.fontSize(size).text(shown, c.x + 4, y + 9 + (8.5 - size) * 0.718, { width: c.w - 8, height: 34, ellipsis: true, align: opts.align ?? 'left', lineBreak: !opts.fit });
  };
  cell('brand', row.brand ?? '—');
  cell('size', row.size ?? '—');
  cell('condition', row.condition ? w.condition(row.condition) : '—');
  cell('price', w.money(row.price_cents), { bold: true, align: 'right', fit: true });
  cell('status', w.statusName(row.status), { colour: STATUS_COLOUR[row.status] });
  doc.moveTo(M, y + ROW_H).lineTo(A4.w - M, y + ROW_H).lineWidth(0.5).strokeColor('#e5e7eb').stroke();
}

/** The first photo of each item as a small JPEG (PDF has no WebP), decoded a batch at a time in parallel. */
async function thumbnails(photos: CatalogueSources['photos'], store: Pick<PhotoStore, 'stat'>, batch: ExportRow[]): Promise<Map<string, Buffer>> {
  const first = new Map(batch.filter((r) => r.photos.length).map((r) => [r.row.id, r.photos[0]]));
  const out = new Map<string, Buffer>();
  if (first.size === 0) return out;
  const shas = await photos.sha256s([...new Set(first.values())]);
  await Promise.all([...first].map(async ([itemId, photoId]) => {
    const sha = shas.get(photoId);
    if (!sha) return;
    try {
      const f = await store.stat(sha, 'thumb');
      if (!f) return;
      const file = await fs.readFile(f.path);
      out.set(itemId, await sharp(file).resize(THUMB * 2, THUMB * 2, { fit: 'cover' }).jpeg({ quality: 72 }).toBuffer());
    } catch {
      // A missing or unreadable thumbnail shows the placeholder; the catalogue still comes out.
    }
  }));
  return out;
}

/** Waits while the reader is behind (a slow client, a large catalogue), so memory stays bounded. */
async function backpressure(doc: PDFKit.PDFDocument, o: CatalogueOptions) {
  const limit = o.highWaterMark ?? 4 * 1024 * 1024;
  while ((doc as unknown as { readableLength: number }).readableLength > limit && !o.signal?.aborted) {
    await new Promise((r) => setTimeout(r, 5));
  }
}
