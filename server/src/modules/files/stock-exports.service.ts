import type { JsonSetting } from '../../platform/settings/json-setting.ts';
import type { ItemStatus, ListingsService } from '../listings/index.ts';
import type { PhotosService } from '../photos/index.ts';
import type { CatalogueSettings } from './catalogue-settings.ts';
import { type Column, csvChunks, type CsvOptions } from './csv-export.ts';
import { catalogue } from './pdf-catalogue.ts';

/**
 * The stock in files: CSV (ours and the Vinted-style one), JSON and the PDF catalogue, each produced a batch at a
 * time as the reader takes it, so an export never holds the whole stock.
 */
export class StockExports {
  constructor(
    private readonly listings: Pick<ListingsService, 'exportRows' | 'countItems' | 'streamAll'>,
    private readonly photos: Pick<PhotosService, 'sha256s'>,
    private readonly settings: JsonSetting<CatalogueSettings>,
    private readonly dataDir: string,
  ) {}

  /** The CSV as chunks of text, a header first. */
  csv(columns: Column[], o: CsvOptions & { status?: ItemStatus }): AsyncGenerator<string> {
    return csvChunks(this.listings.exportRows({ status: o.status }), columns, o);
  }

  /** A JSON array of items (the API's shape, price history included), as chunks of text. */
  async *json(status?: ItemStatus): AsyncGenerator<string> {
    yield '[';
    let first = true;
    for await (const batch of this.listings.streamAll(1000, status)) {
      let chunk = '';
      for (const item of batch) {
        chunk += (first ? '' : ',') + JSON.stringify(item);
        first = false;
      }
      yield chunk;
    }
    yield ']';
  }

  /** The printable catalogue (a PDF stream), with the header the seller set; it stops when `signal` aborts. */
  async pdf(o: { status?: ItemStatus; signal?: AbortSignal }): Promise<PDFKit.PDFDocument> {
    const s = await this.settings.get();
    return catalogue({ listings: this.listings, photos: this.photos }, { status: o.status, shopName: s.shop_name, city: s.city, dataDir: this.dataDir, signal: o.signal });
  }

  catalogueSettings(): Promise<CatalogueSettings> {
    return this.settings.get();
  }

  updateCatalogueSettings(patch: Partial<CatalogueSettings>): Promise<CatalogueSettings> {
    return this.settings.update(patch);
  }
}
