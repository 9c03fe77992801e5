import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import { Readable } from 'node:stream';
import type { Logger } from 'pino';
import sharp from 'sharp';
import type { Transaction } from 'kysely';
import type { Database, PhotosTable } from '../../platform/db/schema.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { type AddressPolicy, type Resolver, safeFetch } from '../../platform/security/safe-fetch.ts';
import type { LocalPhotoStore, PhotoVariant } from '../../platform/storage/photo-store.ts';
import { cleanLine } from '../../platform/text.ts';
import { nowIso } from '../../platform/time.ts';
import type { DominantColours } from './colours/dominant-colours.ts';
import { mapBounded } from '../../platform/concurrency.ts';
import { colourSignature } from './colour-signature.ts';
import { ANALYSIS_LONG_SIDE, type DecodedPhoto } from './decoded-photo.ts';
import { type FileHeader, PREVIEW_LONG_SIDE } from './decode-once.ts';
import { photoErrors, type PhotoRef } from './photo-errors.ts';
import type { PhotoLimits } from './photo-limits.ts';
import { analysePhotoFile } from './photo-analysis.ts';
import { originalMaster } from './original-master.ts';
import { PHASH_RE, phash } from './phash.ts';
import type { PhotoQuality } from './photo-quality.ts';
import type { PhotosRepository } from './photos.repository.ts';
import { PhotoRowsRepository } from './photo-rows.repository.ts';
import { sniffBuffer, sniffFile } from './sniff.ts';
import { sha256OfFile, streamToTemp, type TempUpload, tempPath } from './temp-upload.ts';

/** What the photo studio serves in place of a stored variant when the photo has an edit (null: the stored file). */
export type EditedFileResolver = (photo: PhotosTable, variant: PhotoVariant) => Promise<{ path: string; size: number; mime: string; etag: string } | null>;

/** A photo as the intake hands it to the rest of the app. */
export interface IngestedPhoto {
  id: string;
  sha256: string;
  width: number;
  height: number;
  /** Format of the file as sent (image/jpeg, image/heic…); what is stored is always a JPEG preview and a WebP thumbnail. */
  mime: string;
  bytes: number;
  phash: string;
  /** Colour layout the duplicate check pairs with the hash (see colour-signature.ts). */
  colour_signature: string;
  colours: DominantColours;
  quality: PhotoQuality;
  taken_at: string | null;
  filename: string | null;
  /** The one reduced decode (long side 256, oriented, sRGB) every later analysis uses. */
  decoded: DecodedPhoto;
  previewPath: string;
  thumbPath: string;
  url: string;
  thumb_url: string;
  /** True when this photo was already stored before this request (same bytes). */
  existed: boolean;
  source_url?: string;
}

/** A photo to take in: a stream (an upload part), a file already on disk, or bytes in memory. */
export type PhotoSource = { filename?: string | null } & ({ stream: Readable } | { path: string } | { buffer: Buffer });

export interface PhotosServiceOptions {
  limits: PhotoLimits;
  /** Which addresses URL intake may reach (public only by default; tests allow 127.0.0.1). */
  fetchPolicy?: AddressPolicy;
  resolve?: Resolver;
  concurrency?: number;
}

interface Analysed { upload: TempUpload; ref: PhotoRef; mime: string; row: PhotosTable; colourSignature: string; decoded: DecodedPhoto; createdFiles: boolean }

/** Refuses (402) when `bytes` more would pass the current owner's storage limit (modules/quotas). */
export interface StorageQuota {
  assertRoom(bytes: number): Promise<void>;
}

export class PhotosService {
  readonly limits: PhotoLimits;
  private readonly concurrency: number;
  /** Settles once photos stored without hash-index rows have them (start-up backfill); the duplicate index waits for it. */
  indexFilled: Promise<unknown> = Promise.resolve();
  /** SHA-256s some request is working on, with how many requests: a failing request leaves their files alone. */
  private readonly inFlight = new Map<string, number>();

  constructor(
    readonly repo: PhotosRepository,
    readonly store: LocalPhotoStore,
    private readonly log: Logger,
    private readonly opts: PhotosServiceOptions,
  ) {
    this.limits = opts.limits;
    this.concurrency = opts.concurrency ?? Math.min(2, os.availableParallelism());
  }

  /** Takes in 1–maxFiles photos, all or nothing: a bad one fails the call with its 4xx and leaves no file or row. */
  async ingestFiles(files: AsyncIterable<PhotoSource> | Iterable<PhotoSource>, opts: { maxFiles?: number } = {}): Promise<IngestedPhoto[]> {
    const max = opts.maxFiles ?? this.limits.maxFiles;
    const uploads: TempUpload[] = [];
    const owned: string[] = [];
    try {
      let index = 0;
      for await (const f of files) {
        if (index >= max) throw photoErrors.tooManyFiles(max);
        const ref: PhotoRef = { index, filename: f.filename ?? null };
        if ('path' in f) {
          const { sha256, bytes } = await sha256OfFile(f.path);
          if (bytes > this.limits.maxBytes) throw photoErrors.fileTooLarge(ref, this.limits.maxBytes);
          uploads.push({ path: f.path, bytes, sha256, filename: ref.filename ?? null });
        } else {
          const stream = 'stream' in f ? f.stream : Readable.from([f.buffer]);
          const u = await streamToTemp(stream, this.store.tempDir, this.limits.maxBytes, ref);
          owned.push(u.path);
          uploads.push(u);
        }
        index++;
      }
      return await this.ingestUploads(uploads, opts);
    } finally {
      await Promise.all(owned.map((p) => fs.rm(p, { force: true })));
    }
  }

  /** Fetches 1–maxFiles image URLs through the SSRF-safe fetcher, then takes them in like uploads. */
  async ingestUrls(urls: string[], opts: { maxFiles?: number } = {}): Promise<IngestedPhoto[]> {
    const max = opts.maxFiles ?? this.limits.maxFiles;
    if (urls.length === 0) throw photoErrors.noFiles();
    if (urls.length > max) throw photoErrors.tooManyFiles(max);
    const owned: string[] = [];
    try {
      const uploads = await mapBounded(urls, 4, async (url, index) => {
        const target = tempPath(this.store.tempDir);
        owned.push(target);
        await safeFetch(url, {
          maxBytes: this.limits.maxBytes, timeoutMs: this.limits.fetchTimeoutMs, maxRedirects: this.limits.fetchMaxRedirects,
          policy: this.opts.fetchPolicy, resolve: this.opts.resolve, toFile: target,
          acceptHead: async (head) => (await sniffBuffer(head)).format !== null,
        }).catch((e) => {
          if (e instanceof AppError && e.details && typeof e.details === 'object') Object.assign(e.details, { index });
          throw e;
        });
        const { sha256, bytes } = await sha256OfFile(target);
        return { path: target, bytes, sha256, filename: fileNameOf(url), url, index };
      });
      return await this.ingestUploads(uploads, opts);
    } finally {
      await Promise.all(owned.map((p) => fs.rm(p, { force: true })));
    }
  }

  /** The core of both: files already on disk and hashed (the multipart helper's output). Does not remove them. */
  async ingestUploads(uploads: (TempUpload & { url?: string })[], opts: { maxFiles?: number } = {}): Promise<IngestedPhoto[]> {
    const max = opts.maxFiles ?? this.limits.maxFiles;
    if (uploads.length === 0) throw photoErrors.noFiles();
    if (uploads.length > max) throw photoErrors.tooManyFiles(max);
    await this.checkStorage(uploads);
    const held = [...new Set(uploads.map((u) => u.sha256))];
    for (const s of held) this.inFlight.set(s, (this.inFlight.get(s) ?? 0) + 1);
    const analysed: Analysed[] = [];
    try {
      await mapBounded(uploads, this.concurrency, async (upload, index) => {
        const ref: PhotoRef = upload.url ? { index, url: upload.url, filename: upload.filename } : { index, filename: upload.filename };
        analysed[index] = await this.analyse(upload, ref);
      });
      const unique = [...new Map(analysed.map((a) => [a.row.sha256, a])).values()];
      const { rows, inserted } = await this.repo.insertMissing(unique.map((a) => ({ row: a.row, colourSignature: a.colourSignature })));
      return unique.map((a) => this.toIngested(a, rows.get(a.row.sha256)!, !inserted.has(a.row.sha256)));
    } catch (e) {
      await this.removeCreatedFiles(analysed.filter(Boolean));
      throw e;
    } finally {
      for (const s of held) {
        const n = (this.inFlight.get(s) ?? 1) - 1;
        if (n <= 0) this.inFlight.delete(s);
        else this.inFlight.set(s, n);
      }
    }
  }

  private storageQuota: StorageQuota | null = null;
  /** The quotas register here (modules/quotas, accounts mode): uploads past the owner's storage limit are refused. */
  useStorageQuota(quota: StorageQuota): void {
    this.storageQuota = quota;
  }

  /** The bytes of the current owner's photos (what the storage quota measures). */
  bytesUsed(): Promise<number> {
    return this.repo.bytesUsed();
  }

  /** Before any work: the new bytes (photos the owner does not have yet) must fit the storage quota. */
  private async checkStorage(uploads: TempUpload[]): Promise<void> {
    if (!this.storageQuota) return;
    const stored = await this.repo.bySha([...new Set(uploads.map((u) => u.sha256))]);
    const fresh = new Map(uploads.filter((u) => !stored.has(u.sha256)).map((u) => [u.sha256, u.bytes]));
    await this.storageQuota.assertRoom([...fresh.values()].reduce((a, b) => a + b, 0));
  }

  private async analyse(upload: TempUpload, ref: PhotoRef): Promise<Analysed> {
    if (upload.bytes === 0) throw photoErrors.emptyFile(ref);
    if (upload.bytes > this.limits.maxBytes) throw photoErrors.fileTooLarge(ref, this.limits.maxBytes);
    const sniffed = await sniffFile(upload.path);
    if (!sniffed.format) throw photoErrors.unsupported(ref, sniffed.mime);
    const a = await analysePhotoFile(upload.path, sniffed.format, ref, { maxPixels: this.limits.maxPixels });
    const createdFiles = await this.store.put(upload.sha256, { preview: a.preview, thumb: a.thumb });
    if (createdFiles) await this.keepOriginal(upload.path, sniffed.format, a.header, Math.max(a.width, a.height), upload.sha256);
    // The id is given at insert time (photos.repository.ts).
    const row: PhotosTable = {
      id: '', sha256: upload.sha256, mime: sniffed.mime!, width: a.width, height: a.height, bytes: upload.bytes,
      phash: a.phash, colors: JSON.stringify(a.colours), quality: JSON.stringify(a.quality), taken_at: a.taken_at,
      // A file name is the sender's text: the text rule applies (PostgreSQL refuses a NUL in it).
      original_name: cleanLine(ref.url ?? ref.filename ?? '') || null, created_at: nowIso(),
    };
    this.log.debug({ sha256: upload.sha256, ms: a.ms }, 'photo analysed');
    return { upload, ref, mime: sniffed.mime!, row, colourSignature: a.colour_signature, decoded: a.decoded, createdFiles };
  }

  /**
   * The master the photo studio renders edits from (original-master.ts): full resolution, upright, no EXIF or GPS.
   * Only when it is larger than the preview (else the preview is the original), and not for HEIC (sharp cannot
   * decode HEVC; edits of those use the preview).
   */
  private async keepOriginal(file: string, format: string, header: FileHeader, longSide: number, sha256: string): Promise<void> {
    if (longSide <= PREVIEW_LONG_SIDE || format === 'heif') return;
    try {
      await this.store.putOriginal(sha256, await originalMaster(file, format, header, () => fs.readFile(file), this.limits.maxPixels));
    } catch (err) {
      this.log.warn({ err, sha256 }, 'original not kept; edits of this photo will start from its preview');
    }
  }

  /** Files this request created for photos that have no row and no other request working on them. */
  private async removeCreatedFiles(analysed: Analysed[]) {
    const created = analysed.filter((a) => a.createdFiles).map((a) => a.row.sha256);
    if (created.length === 0) return;
    const stored = await this.repo.bySha(created).catch(() => new Map());
    for (const sha of created) {
      if (stored.has(sha) || (this.inFlight.get(sha) ?? 0) > 1) continue;
      await this.store.remove(sha).catch((e) => this.log.warn({ err: e, sha256: sha }, 'could not remove photo files'));
    }
  }

  private toIngested(a: Analysed, row: PhotosTable, existed: boolean): IngestedPhoto {
    return {
      id: row.id, sha256: row.sha256, width: row.width, height: row.height, mime: row.mime, bytes: row.bytes,
      phash: row.phash ?? a.row.phash!, colour_signature: a.colourSignature, colours: JSON.parse(row.colors ?? a.row.colors!), quality: JSON.parse(row.quality ?? a.row.quality!),
      taken_at: row.taken_at, filename: a.ref.filename ?? null, decoded: a.decoded,
      previewPath: this.store.pathOf(row.sha256, 'preview'), thumbPath: this.store.pathOf(row.sha256, 'thumb'),
      url: `/photos/${row.id}`, thumb_url: `/photos/${row.id}/thumb`, existed,
      ...(a.ref.url ? { source_url: a.ref.url } : {}),
    };
  }

  /**
   * Hash-index rows for photos stored without them (an import that wrote rows directly, an older version), computed
   * from their stored thumbnail. Runs at start-up in the background; photos without files are left as they are.
   */
  async backfillIndex(batch = 200): Promise<number> {
    let done = 0;
    let after = '';
    for (;;) {
      const rows = await this.repo.withoutBands(after, batch);
      for (const r of rows) {
        after = r.id;
        const thumb = await this.store.stat(r.sha256, 'thumb');
        if (!thumb) continue;
        const px = await sharp(thumb.path).resize(ANALYSIS_LONG_SIDE, ANALYSIS_LONG_SIDE, { fit: 'inside' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
        const decoded = { rgb: px.data, width: px.info.width, height: px.info.height };
        const hash = r.phash && PHASH_RE.test(r.phash) ? r.phash : phash(decoded);
        await this.repo.addBands(r.id, hash, colourSignature(decoded), hash !== r.phash);
        done++;
      }
      if (rows.length < batch) return done;
    }
  }

  /** Ids of the stored photos with these SHA-256s (the duplicate check's "same bytes"). */
  idsBySha(shas: string[]): Promise<{ id: string; sha256: string }[]> {
    return this.repo.idsBySha(shas);
  }

  /**
   * The perceptual hash and colour layout of every stored photo, one per photo, after `afterId` in id order (ids are
   * time-ordered): the rows the duplicate check's in-memory index is built and topped up from.
   */
  hashRowsAfter(afterId: string, limit: number): Promise<{ photo_id: string; phash: string; colour_sig: string }[]> {
    return this.repo.hashRowsAfter(afterId, limit);
  }

  /**
   * Deletes these photos, rows then files: for photos no item shows any more (the caller, e.g. the demo photoset's
   * removal, asked listings). A file that cannot be removed is logged; the purge of orphan files gets it later.
   */
  async deletePhotos(ids: string[]): Promise<number> {
    const gone = await this.repo.deleteMany(ids);
    // Another owner may hold the same bytes (their own row of the shared file): that file stays.
    const kept = await this.repo.shasInUse([...new Set(gone.map((p) => p.sha256))]);
    for (const p of gone.filter((x) => !kept.has(x.sha256))) await this.store.remove(p.sha256).catch((err) => this.log.warn({ err, sha256: p.sha256 }, 'photo file not removed'));
    return gone.length;
  }

  async get(id: string): Promise<PhotosTable> {
    const row = await this.repo.get(id);
    if (!row) throw notFound('photo_not_found', `No photo with id ${id}`, { id });
    return row;
  }

  /**
   * Set by the photo studio (modules/studio), which depends on this module: the edited rendering that `file()`
   * serves in place of the stored variant, so the web app, the exports and Vinted all get the edited photo.
   */
  editedFiles: EditedFileResolver | null = null;

  /**
   * A file of a photo, to serve: the edited rendering when the photo has an edit (unless `original`), else the
   * stored variant; 404 when the photo or its file is missing. `sha256` is the photo's; `etag` names the bytes served.
   */
  async file(id: string, variant: PhotoVariant, opts: { original?: boolean } = {}) {
    const row = await this.get(id);
    const edited = !opts.original && this.editedFiles ? await this.editedFiles(row, variant) : null;
    if (edited) return { ...edited, sha256: row.sha256, edited: true, stream: () => createReadStream(edited.path) };
    const f = await this.store.stat(row.sha256, variant);
    if (!f) throw notFound('photo_file_missing', `The ${variant} file of photo ${id} is missing from the photo folder`, { id, variant });
    return { ...f, sha256: row.sha256, etag: row.sha256, edited: false, stream: () => this.store.open(row.sha256, variant) };
  }

  // ---- what the imports, exports and backups (modules/files) ask of the photos ----

  /** Every photo row in id order, a batch at a time: a backup. */
  rows(batch?: number): AsyncGenerator<PhotosTable[]> {
    return new PhotoRowsRepository(this.repo.db).all(batch);
  }

  /** The SHA-256 (the name of its files) of each of these photos that exists. */
  sha256s(ids: string[]): Promise<Map<string, string>> {
    return new PhotoRowsRepository(this.repo.db).sha256s(ids);
  }

  /** Which of these photo ids exist (a few hundred ids per call). */
  async existing(ids: string[]): Promise<Set<string>> {
    return new Set((await this.sha256s(ids)).keys());
  }

  /**
   * A restore's photo rows, inside `t`: rows whose id or bytes are already here are not written (photos are shared by
   * content); `sameBytes` says which id to use for a backup photo stored here under another id.
   */
  adoptRows(rows: PhotosTable[], t: Transaction<Database>): Promise<{ inserted: number; sameBytes: Map<string, string> }> {
    return new PhotoRowsRepository(this.repo.db).adopt(rows, t);
  }
}

/** A readable name for a photo fetched from a URL: the last path segment. */
function fileNameOf(url: string): string | null {
  try {
    const last = new URL(url).pathname.split('/').filter(Boolean).pop();
    return last ? decodeURIComponent(last).slice(0, 200) : null;
  } catch {
    return null;
  }
}
