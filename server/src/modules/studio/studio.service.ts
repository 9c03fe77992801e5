import os from 'node:os';
import sharp from 'sharp';
import type { Logger } from 'pino';
import type { PhotosTable } from '../../platform/db/schema.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { JsonSetting } from '../../platform/settings/json-setting.ts';
import type { PhotoVariant } from '../../platform/storage/photo-store.ts';
import { nowIso } from '../../platform/time.ts';
import type { ListingsService } from '../listings/index.ts';
import type { PhotosService } from '../photos/index.ts';
import { EditCache } from './edit-cache.ts';
import { canonical, type EditInput, type EditParams, isNoEdit, NO_EDIT, normaliseEdit, paramsKey } from './edit-params.ts';
import { renderEdit, type Rendered } from './edit-render.ts';
import type { StudioRepository } from './studio.repository.ts';
import type { WatermarkSettings } from './watermark.ts';

// The photo studio's rules: an edit belongs to a photo of an item, is checked against that photo, and is stored as
// parameters; the derivatives are rendered on demand (or warmed right after an edit) and cached by content hash.
// At most `concurrency` renders run at once, whoever asks (the web app, an export, Vinted, a batch), so a batch of
// 100 photos holds at most that many decodes in memory.
export const SIZES: Record<PhotoVariant, { longSide: number; format: 'jpeg' | 'webp'; ext: 'jpg' | 'webp'; mime: string }> = {
  preview: { longSide: 1600, format: 'jpeg', ext: 'jpg', mime: 'image/jpeg' },
  thumb: { longSide: 400, format: 'webp', ext: 'webp', mime: 'image/webp' },
};

export interface PhotoEditView {
  item_id: string;
  photo_id: string;
  edited: boolean;
  params: EditParams;
  updated_at: string | null;
  /** Set when the background was asked for but left as it is (the garment mask was not confident), with why. */
  background_skipped: string | null;
  url: string;
  thumb_url: string;
  original_url: string;
}

export class StudioService {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly inFlight = new Map<string, Promise<{ path: string; size: number; rendered?: Rendered }>>();

  constructor(
    private readonly repo: StudioRepository,
    private readonly photos: PhotosService,
    private readonly listings: ListingsService,
    readonly cache: EditCache,
    readonly watermark: JsonSetting<WatermarkSettings>,
    private readonly log: Logger,
    readonly concurrency = Math.max(1, Math.min(2, os.availableParallelism())),
  ) {}

  /** The item's photo, or 404 `photo_not_on_item` when this photo is not one of the item's (404 `item_not_found` for no item). */
  private async photoOfItem(itemId: string, photoId: string): Promise<PhotosTable> {
    const item = await this.listings.get(itemId);
    if (!item.photos.some((p) => p.id === photoId)) {
      throw notFound('photo_not_on_item', `Photo ${photoId} is not a photo of item ${itemId}`, { item_id: itemId, photo_id: photoId });
    }
    return this.photos.get(photoId);
  }

  async editsOfItem(itemId: string): Promise<PhotoEditView[]> {
    const item = await this.listings.get(itemId);
    const rows = await this.repo.many(item.photos.map((p) => p.id));
    return item.photos.map((p) => {
      const row = rows.get(p.id);
      return this.view(itemId, p.id, row ? (JSON.parse(row.params) as EditParams) : null, row?.updated_at ?? null, null);
    });
  }

  async get(itemId: string, photoId: string): Promise<PhotoEditView> {
    await this.photoOfItem(itemId, photoId);
    const row = await this.repo.get(photoId);
    return this.view(itemId, photoId, row ? (JSON.parse(row.params) as EditParams) : null, row?.updated_at ?? null, null);
  }

  /**
   * Stores the edit (checked: 400 edit_angle_invalid / edit_crop_outside_photo / edit_crop_aspect_mismatch /
   * edit_value_out_of_range) and renders the preview and thumbnail, so the answer can say whether the background
   * was replaced. An edit that changes nothing is a reset. Nothing is stored when the check fails.
   */
  async set(itemId: string, photoId: string, input: EditInput): Promise<PhotoEditView> {
    const photo = await this.photoOfItem(itemId, photoId);
    const params = normaliseEdit(input, photo);
    if (isNoEdit(params)) return this.reset(itemId, photoId);
    const updated_at = nowIso();
    await this.repo.put({ photo_id: photoId, item_id: itemId, params: JSON.stringify(params), params_key: paramsKey(params), updated_at });
    const preview = await this.derivative(photo, params, 'preview');
    await this.derivative(photo, params, 'thumb');
    return this.view(itemId, photoId, params, updated_at, preview.background_skipped ?? null);
  }

  /** Back to the photo as sent: the parameters are deleted (the original was never touched). */
  async reset(itemId: string, photoId: string): Promise<PhotoEditView> {
    await this.photoOfItem(itemId, photoId);
    await this.repo.remove(photoId);
    return this.view(itemId, photoId, null, null, null);
  }

  private view(itemId: string, photoId: string, params: EditParams | null, updated_at: string | null, skipped: string | null): PhotoEditView {
    return {
      item_id: itemId, photo_id: photoId, edited: params !== null, params: params ?? NO_EDIT, updated_at, background_skipped: skipped,
      url: `/photos/${photoId}`, thumb_url: `/photos/${photoId}/thumb`, original_url: `/photos/${photoId}?original=1`,
    };
  }

  /** For the photos module (`photos.editedFiles`): the edited file of a photo with an edit or a stamp, else null. */
  async editedFile(photo: PhotosTable, variant: PhotoVariant) {
    const row = await this.repo.get(photo.id);
    const stamp = variant === 'preview' ? await this.activeWatermark() : null;
    if (!row && !stamp) return null;
    const params = row ? (JSON.parse(row.params) as EditParams) : NO_EDIT;
    const f = await this.derivative(photo, params, variant, stamp);
    return { path: f.path, size: f.size, mime: SIZES[variant].mime, etag: f.key };
  }

  private async activeWatermark(): Promise<WatermarkSettings | null> {
    const w = await this.watermark.get();
    return w.enabled && w.text.trim() ? w : null;
  }

  /** The cached derivative, rendered (once, however many ask at the same time) when missing. */
  async derivative(photo: PhotosTable, params: EditParams, variant: PhotoVariant, stamp?: WatermarkSettings | null) {
    const wm = stamp === undefined ? (variant === 'preview' ? await this.activeWatermark() : null) : stamp;
    const size = SIZES[variant];
    const key = EditCache.key([photo.sha256, canonical(params), wm ? JSON.stringify(wm) : '-', variant]);
    const hit = await this.cache.stat(key, size.ext);
    if (hit) return { ...hit, key, background_skipped: undefined };
    let job = this.inFlight.get(key);
    if (!job) {
      job = this.withSlot(async () => {
        const rendered = await renderEdit(await this.source(photo), params, { longSide: size.longSide, format: size.format, watermark: wm });
        const f = await this.cache.put(key, size.ext, rendered.data);
        return { ...f, rendered };
      }).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, job);
    }
    const f = await job;
    return { path: f.path, size: f.size, key, background_skipped: f.rendered?.background_skipped };
  }

  /** The full-resolution master when the intake kept one, else the 1,600 px preview. */
  private async source(photo: PhotosTable) {
    const file = (await this.photos.store.statOriginal(photo.sha256)) ?? (await this.photos.store.stat(photo.sha256, 'preview'));
    if (!file) throw new AppError(404, 'photo_file_missing', `The files of photo ${photo.id} are missing from the photo folder`, { id: photo.id });
    const meta = await sharp(file.path).metadata();
    return { path: file.path, width: meta.width ?? photo.width, height: meta.height ?? photo.height, jpeg: meta.format === 'jpeg' };
  }

  private async withSlot<T>(fn: () => Promise<T>): Promise<T> {
    // A finished render hands its slot straight to the next waiter, so a newcomer can never slip in between.
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** The item's photo ids (a batch over items), 404 item_not_found for an unknown item. */
  async photoIdsOf(itemId: string): Promise<string[]> {
    return (await this.listings.get(itemId)).photos.map((p) => p.id);
  }

  logRenderFailure(err: unknown, photoId: string) {
    this.log.warn({ err, photo_id: photoId }, 'photo edit not rendered');
  }
}
