import { Readable } from 'node:stream';
import yazl from 'yazl';
import type { JsonSetting } from '../../platform/settings/json-setting.ts';
import type { PhotoStore } from '../../platform/storage/photo-store.ts';
import type { ItemStatus, ListingsService } from '../listings/index.ts';
import type { PhotosService } from '../photos/index.ts';
import type { CatalogueSettings } from './catalogue-settings.ts';
import { type Column, csvChunks, type CsvOptions, vintedColumns } from './csv-export.ts';
import { catalogue } from './pdf-catalogue.ts';
import type { PdfLang } from './pdf-words.ts';

/**
 * The stock in files: CSV (ours and the Vinted-style one), JSON and the PDF catalogue, each produced a batch at a
 * time as the reader takes it, so an export never holds the whole stock.
 */
export class StockExports {
  constructor(
    private readonly listings: Pick<ListingsService, 'exportRows' | 'countItems' | 'streamAll'>,
    private readonly photos: Pick<PhotosService, 'sha256s' | 'file'>,
    private readonly settings: JsonSetting<CatalogueSettings>,
    private readonly dataDir: string,
    /** PUBLIC_URL: photo links in exports are absolute on it; without it they point into the ZIP export. */
    private readonly publicUrl?: string,
    /** The app's photo store: the PDF's thumbnails come through it (from the bucket with STORAGE=s3). */
    private readonly photoStore?: Pick<PhotoStore, 'stat'>,
  ) {}

  /**
   * A photo's link in a file meant for use elsewhere: absolute on PUBLIC_URL, else its path inside the ZIP export
   * (`photos/<id>.jpg`). Never this machine's own address (127.0.0.1 means nothing on another computer).
   */
  photoLink(id: string): string {
    return this.publicUrl ? `${this.publicUrl.replace(/\/+$/, '')}/photos/${id}` : `photos/${id}.jpg`;
  }

  /** Whether exported photo links are absolute (PUBLIC_URL is set) or point into the ZIP export. */
  get linksAreAbsolute(): boolean {
    return !!this.publicUrl;
  }

  /**
   * The Vinted CSV with its photos, as a ZIP stream: `vinted.csv` whose photo column lists `photos/<id>.jpg`, and
   * those JPEGs. The rows are read twice (the photos to add, then the CSV), a batch at a time.
   */
  vintedZip(o: CsvOptions & { status?: ItemStatus }): NodeJS.ReadableStream {
    const zip = new yazl.ZipFile();
    const rel = (id: string) => `photos/${id}.jpg`;
    void (async () => {
      zip.addReadStreamLazy('vinted.csv', { compress: true }, (cb) => cb(null, Readable.from(csvChunks(this.listings.exportRows({ status: o.status }), vintedColumns(rel), o))));
      const added = new Set<string>();
      for await (const batch of this.listings.exportRows({ status: o.status })) {
        for (const id of batch.flatMap((r) => r.photos)) {
          if (added.has(id)) continue;
          added.add(id);
          const f = await this.photos.file(id, 'preview').catch(() => null);
          // A file gone from the photo folder: the row keeps its link, the ZIP goes on without it.
          if (f) zip.addReadStreamLazy(rel(id), { compress: false }, (cb) => cb(null, f.stream()));
        }
      }
      zip.end();
    })().catch((e) => (zip.outputStream as Readable).destroy(e instanceof Error ? e : new Error(String(e))));
    return zip.outputStream;
  }

  /** The CSV as chunks of text, a header first. */
  csv(columns: Column[], o: CsvOptions & { status?: ItemStatus }): AsyncGenerator<string> {
    return csvChunks(this.listings.exportRows({ status: o.status }), columns, o);
  }

  /** A JSON array of items (the API's shape, price history included), as chunks of text. */
  async *json(status?: ItemStatus): AsyncGenerator<string> {
    yield '[';
    let first = true;
    for await (const batch of this.listings.streamAll(undefined, status)) {
      let chunk = '';
      for (const item of batch) {
        const shown = this.publicUrl ? { ...item, photos: item.photos.map((p) => ({ ...p, url: this.absolute(p.url), thumb_url: this.absolute(p.thumb_url) })) } : item;
        chunk += (first ? '' : ',') + JSON.stringify(shown);
        first = false;
      }
      yield chunk;
    }
    yield ']';
  }

  /** The printable catalogue (a PDF stream) of items in these statuses, in `lang`, with the header the seller set; it stops when `signal` aborts. */
  async pdf(o: { statuses: ItemStatus[]; lang?: PdfLang; signal?: AbortSignal }): Promise<PDFKit.PDFDocument> {
    const s = await this.settings.get();
    return catalogue({ listings: this.listings, photos: this.photos }, { statuses: o.statuses, lang: o.lang, shopName: s.shop_name, city: s.city, dataDir: this.dataDir, photoStore: this.photoStore, signal: o.signal });
  }

  private absolute(url: string): string {
    return url.startsWith('/') && this.publicUrl ? `${this.publicUrl.replace(/\/+$/, '')}${url}` : url;
  }

  catalogueSettings(): Promise<CatalogueSettings> {
    return this.settings.get();
  }

  updateCatalogueSettings(patch: Partial<CatalogueSettings>): Promise<CatalogueSettings> {
    return this.settings.update(patch);
  }
}
