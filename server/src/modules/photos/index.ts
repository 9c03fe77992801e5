// Photo intake: uploads and URLs in; sniffed, decoded once, analysed, stored by content; served back.
//
// Service API (`ctx.photos`, a PhotosService), for the ingest and bulk modules:
//   ctx.photos.ingestFiles(files, { maxFiles? })   files: (Async)Iterable of { filename?, stream } | { filename?, path } | { filename?, buffer }
//   ctx.photos.ingestUrls(urls, { maxFiles? })     http(s) URLs, fetched with the SSRF-safe fetcher (platform/security/safe-fetch.ts)
//   ctx.photos.ingestUploads(tempUploads)          files already streamed to disk and hashed (see receiveUploads below)
//     → IngestedPhoto[]: { id, sha256, width, height, mime, bytes, phash, colours, quality, taken_at, filename,
//                          decoded: DecodedPhoto, previewPath, thumbPath, url, thumb_url, existed, source_url? }
//     One entry per distinct photo (the same bytes twice in a call count once), in the order sent.
//     All or nothing per call: the first bad photo throws its AppError (4xx, stable code, `details.index` names the
//     culprit) and no file or row of that call remains, except photos that were already stored before it.
//     Photo rows are committed when the call returns; attach them to an item with listings' `photos: [id…]`.
//   ctx.photos.get(id) → the photos row;  ctx.photos.file(id, 'preview' | 'thumb') → { path, size, mime, sha256, stream() }
//   ctx.photos.limits → { maxBytes, maxPixels, maxFiles, fetchTimeoutMs, fetchMaxRedirects }
// Multipart helper: receiveUploads(req, { minFiles?, maxFiles, maxFileBytes, maxFields?, tempDir: ctx.photos.store.tempDir })
//   → { files: TempUpload[], fields: Record<string, string[]>, cleanup() }: parts stream to temp files, never the whole
//   batch in memory; refuses 0 files (no_files 400), too many (too_many_files 413), a file over the cap (file_too_large 413).
//   Always `await cleanup()` in a finally.
// Routes: POST /photos (multipart), POST /photos/from-urls, GET /photos/{id} (JPEG preview), GET /photos/{id}/thumb (WebP),
//   GET /photos/{id}/info.
// Environment: PHOTO_MAX_BYTES (15 MiB), PHOTO_MAX_PIXELS (100 000 000), PHOTO_MAX_FILES (20), PHOTO_FETCH_TIMEOUT_MS (10 000),
//   PHOTO_FETCH_MAX_REDIRECTS (5).
import path from 'node:path';
import sharp from 'sharp';
import type { AppContext } from '../../context.ts';
import { LocalPhotoStore } from '../../platform/storage/photo-store.ts';
import type { AppModule } from '../module.ts';
import { photoLimitsFrom } from './photo-limits.ts';
import { PhotosRepository } from './photos.repository.ts';
import { photosRoutes } from './photos.routes.ts';
import { PhotosService } from './photos.service.ts';

export { ANALYSIS_LONG_SIDE, type DecodedPhoto } from './decoded-photo.ts';
export { receiveUploads, type MultipartLimits, type ReceivedUploads } from './multipart-uploads.ts';
export { hammingDistance, phash, phashBands } from './phash.ts';
export type { PhotoLimits } from './photo-limits.ts';
export type { PhotoQuality } from './photo-quality.ts';
export { type IngestedPhoto, type PhotoSource, PhotosService } from './photos.service.ts';
export type { TempUpload } from './temp-upload.ts';

declare module '../../context.ts' {
  interface AppContext {
    photos: PhotosService;
  }
}

export const photosModule: AppModule = {
  name: 'photos',
  async setup(ctx: AppContext) {
    // Every decode here reads a new file once, so libvips' operation cache (up to 50 MB) would only hold memory.
    sharp.cache(false);
    const store = new LocalPhotoStore(path.join(ctx.config.dataDir, 'photos'));
    await store.init();
    // The server's config schema wins when it declares these keys; until then they come from the environment.
    const limits = photoLimitsFrom({ ...process.env, ...(ctx.config as unknown as Record<string, unknown>) });
    const repo = new PhotosRepository(ctx.db);
    ctx.photos = new PhotosService(repo, store, ctx.log.child({ module: 'photos' }), { limits });
    ctx.photos.indexFilled = ctx.photos.backfillIndex().then(
      (n) => n && ctx.log.info({ photos: n }, 'duplicate index filled for photos stored without it'),
      (err) => ctx.log.warn({ err }, 'could not fill the duplicate index'),
    );
  },
  routes: photosRoutes,
  async teardown(ctx) {
    await ctx.photos?.indexFilled; // never close the database under it
  },
};
