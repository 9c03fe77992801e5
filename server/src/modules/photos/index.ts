// Photo intake: uploads and URLs in; sniffed, decoded once, measured (hash, colour layout, dominant colours, quality,
// capture time), stored by content; served back. Owns the `photos` and `photo_hash_bands` tables. Provides `photos`
// (a PhotosService) and the pixel helpers the bulk import and the analyser reuse on their own decodes.
//
// Service API (`photos`, a PhotosService), for the ingest, bulk, files, maintenance and vinted modules:
//   photos.ingestFiles(files, { maxFiles? })   files: (Async)Iterable of { filename?, stream } | { filename?, path } | { filename?, buffer }
//   photos.ingestUrls(urls, { maxFiles? })     http(s) URLs, fetched with the SSRF-safe fetcher (platform/security/safe-fetch.ts)
//   photos.ingestUploads(tempUploads)          files already streamed to disk and hashed (see receiveUploads below)
//     → IngestedPhoto[]: { id, sha256, width, height, mime, bytes, phash, colours, quality, taken_at, filename,
//                          decoded: DecodedPhoto, previewPath, thumbPath, url, thumb_url, existed, source_url? }
//     One entry per distinct photo (the same bytes twice in a call count once), in the order sent.
//     All or nothing per call: the first bad photo throws its AppError (4xx, stable code, `details.index` names the
//     culprit) and no file or row of that call remains, except photos that were already stored before it.
//     Photo rows are committed when the call returns; attach them to an item with listings' `photos: [id…]`.
//   photos.get(id) → the photos row;  photos.file(id, 'preview' | 'thumb') → { path, size, mime, sha256, stream() }
//   photos.limits → { maxBytes, maxPixels, maxFiles, fetchTimeoutMs, fetchMaxRedirects }
//   photos.idsBySha(shas), photos.hashRowsAfter(afterId, limit): what the duplicate check reads of the stored photos.
//   photos.backfillIndex(): hash rows for photos stored without them (start-up, after a restore).
// Multipart helper: receiveUploads(req, { minFiles?, maxFiles, maxFileBytes, maxFields?, tempDir: photos.store.tempDir })
//   → { files: TempUpload[], fields: Record<string, string[]>, cleanup() }: parts stream to temp files, never the whole
//   batch in memory; refuses 0 files (no_files 400), too many (too_many_files 413), a file over the cap (file_too_large 413).
//   Always `await cleanup()` in a finally.
// `photoStore` (a TieredPhotoStore) is the same store, for the storage module's lifecycle and stats.
// Routes: POST /photos (multipart), POST /photos/from-urls, GET /photos/{id} (JPEG preview), GET /photos/{id}/thumb (WebP),
//   GET /photos/{id}/info.
// Environment: PHOTO_MAX_BYTES (15 MiB), PHOTO_MAX_PIXELS (100 000 000), PHOTO_MAX_FILES (20), PHOTO_FETCH_TIMEOUT_MS (10 000),
//   PHOTO_FETCH_MAX_REDIRECTS (5).
import sharp from 'sharp';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.ts';
import { openPhotoStore } from '../../platform/storage/open-photo-store.ts';
import { photosOwnerData } from './photos-owner-data.repository.ts';
import { defineModule } from '../../platform/modules/module.ts';
import { photoLimitsFrom } from './photo-limits.ts';
import { PhotosRepository } from './photos.repository.ts';
import { photosRoutes } from './photos.routes.ts';
import { PhotosService } from './photos.service.ts';
import { ownerScope } from '../../platform/security/owner-scope.ts';

export { captureTime } from './capture-time.ts';
export { colourDistance, colourSignature } from './colour-signature.ts';
export { dominantColours, type DominantColours, type PaletteEntry } from './colours/dominant-colours.ts';
export { garmentForeground, garmentWeights, samplePixels, type PixelSamples } from './colours/garment-mask.ts';
export { deltaE76, type Lab, rgbToLab } from './colours/colour-space.ts';
export { garmentLab } from './colours/garment-lab.ts';
export { decodeHeic, decodeOnce, jpegShrinkFactor, THUMB_LONG_SIDE } from './decode-once.ts';
export { ANALYSIS_LONG_SIDE, type DecodedPhoto } from './decoded-photo.ts';
export { receiveUploads, type MultipartLimits, type ReceivedUploads } from './multipart-uploads.ts';
export { hammingDistance, PHASH_RE, phash, phashBands, popcount32 } from './phash.ts';
export { photoErrors, type PhotoRef } from './photo-errors.ts';
export type { PhotoLimits } from './photo-limits.ts';
export { photoQuality, type PhotoQuality } from './photo-quality.ts';
export { type EditedFileResolver, type IngestedPhoto, type PhotoSource, PhotosService, type StorageQuota } from './photos.service.ts';
export { type PhotoFormat, sniffFile } from './sniff.ts';
export { streamToTemp, type TempUpload } from './temp-upload.ts';

export const photosModule = defineModule({
  name: 'photos',
  needs: [],
  provides: ['photos', 'photoStore'],
  async create(platform: Platform, _deps: Record<never, never>) {
    // Every decode here reads a new file once, so libvips' operation cache (up to 50 MB) would only hold memory.
    sharp.cache(false);
    // The local folder, or the S3-compatible bucket with STORAGE=s3 (checked here: a wrong key stops start-up).
    const store = await openPhotoStore(platform.config, platform.log.child({ module: 'storage' }));
    const limits = photoLimitsFrom(platform.config);
    const photos = new PhotosService(new PhotosRepository(platform.db), store, platform.log.child({ module: 'photos' }), { limits });
    platform.ownerData.register(photosOwnerData(platform.db, store, platform.log.child({ module: 'photos' })));
    // System scope: the hash bands are filled for every owner's photos at once (derived data, read back scoped).
    photos.indexFilled = ownerScope.system(() => photos.backfillIndex()).then(
      (n) => n && platform.log.info({ photos: n }, 'duplicate index filled for photos stored without it'),
      (err) => platform.log.warn({ err }, 'could not fill the duplicate index'),
    );
    return {
      services: { photos, photoStore: store },
      routes: (app: FastifyInstance) => photosRoutes(app, photos),
      stop: async () => {
        await photos.indexFilled; // never close the database under it
      },
    };
  },
});
