import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createReadStream, createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { AppError } from '../errors.ts';
import { TEMP_SUFFIX, writeFileAtomic } from './atomic-file.ts';
import type { ObjectStore } from './object-store.ts';
import { LocalPhotoStore, PHOTO_VARIANTS, type PhotoVariant, type StoredFile } from './photo-store.ts';

// The photo store the app runs on, behind the same calls as the local one (PhotoStore), with up to three places:
//   local  DATA_DIR/photos, the folder sharp, Playwright and the PDF writer read paths from. Without a remote store
//          it is the photos' only home (the default, unchanged); with one it is a write-through cache of it.
//   remote an S3-compatible bucket (STORAGE=s3): where photos live when configured. A photo is written there first,
//          and its row is only written after (photos.service.ts), so a failed upload leaves no row.
//   cold   where the lifecycle moves the full-size files of sold or archived items (storage module); read back on
//          demand: asking for such a file copies it back to the hot side first.
// Keys mirror the local layout: `photos/<sha[0..2]>/<sha>.<suffix>`. The thumbnail never goes cold (lists show it).

export const COLD_VARIANTS = (Object.keys(PHOTO_VARIANTS) as PhotoVariant[]).filter((v) => v !== 'thumb');
export const photoKey = (sha256: string, variant: PhotoVariant) => `photos/${sha256.slice(0, 2)}/${sha256}.${PHOTO_VARIANTS[variant].suffix}`;
/** The photo studio's full-resolution master, beside the variants (the sweep reads its sha like theirs). */
export const originalKey = (sha256: string) => `photos/${sha256.slice(0, 2)}/${sha256}.original.jpg`;
export const KEY_RE = /^photos\/[0-9a-f]{2}\/([0-9a-f]{64})\.(.+)$/;

export type PhotoTier = 'local' | 'remote' | 'cold' | 'missing';

export const storageErrors = {
  empty: (sha256: string, variant: string, where: string) => new AppError(422, 'photo_file_empty',
    `The ${variant} file of this photo is empty (0 bytes) in ${where}: upload the photo again`, { sha256, variant, params: { variant } }),
  unavailable: () => new AppError(503, 'storage_unavailable', 'The photo storage service cannot be reached: retry in a moment', undefined, { 'retry-after': '5' }),
};

export class TieredPhotoStore extends LocalPhotoStore {
  /** Told when a cold photo came back on demand (the storage module keeps its ledger with it). */
  onBroughtBack?: (sha256: string) => void | Promise<void>;

  constructor(root: string, readonly remote: ObjectStore | null, readonly cold: ObjectStore, private readonly log?: Logger) {
    super(root);
  }

  /** Where the hot copy of a photo lives: the bucket when configured, else the local folder. */
  get hotLabel() {
    return this.remote?.label ?? `local:${this.root}`;
  }

  private async localHas(sha256: string, variant: PhotoVariant) {
    const st = await fs.stat(this.pathOf(sha256, variant)).catch(() => null);
    return !!st && st.size > 0;
  }

  override async has(sha256: string): Promise<boolean> {
    for (const v of Object.keys(PHOTO_VARIANTS) as PhotoVariant[]) {
      if (await this.localHas(sha256, v)) continue;
      if (this.remote && (await this.guard(() => this.remote!.head(photoKey(sha256, v))))) continue;
      if (await this.cold.head(photoKey(sha256, v))) continue;
      return false;
    }
    return true;
  }

  override async put(sha256: string, files: Record<PhotoVariant, Buffer>): Promise<boolean> {
    if (await this.has(sha256)) return false;
    const variants = Object.keys(PHOTO_VARIANTS) as PhotoVariant[];
    if (this.remote) {
      const sent: PhotoVariant[] = [];
      try {
        for (const v of variants) {
          await this.remote.put(photoKey(sha256, v), files[v], PHOTO_VARIANTS[v].mime);
          sent.push(v);
        }
      } catch (e) {
        this.log?.warn({ err: e, sha256, store: this.remote.label }, 'photo upload to storage failed');
        for (const v of sent) await this.remote.delete(photoKey(sha256, v)).catch(() => {});
        throw storageErrors.unavailable();
      }
    }
    const written: string[] = [];
    try {
      for (const v of variants) {
        await writeFileAtomic(this.pathOf(sha256, v), files[v]);
        written.push(this.pathOf(sha256, v));
      }
    } catch (e) {
      for (const p of written) await fs.rm(p, { force: true });
      if (this.remote) for (const v of variants) await this.remote.delete(photoKey(sha256, v)).catch(() => {});
      throw e;
    }
    return true;
  }

  override async remove(sha256: string): Promise<void> {
    await super.remove(sha256);
    for (const v of Object.keys(PHOTO_VARIANTS) as PhotoVariant[]) {
      if (this.remote) await this.remote.delete(photoKey(sha256, v));
      await this.cold.delete(photoKey(sha256, v));
    }
    if (this.remote) await this.remote.delete(originalKey(sha256));
  }

  /** The studio's master goes to the bucket too, so edits render on a new machine or after the cache is cleared. */
  override async putOriginal(sha256: string, data: Buffer): Promise<void> {
    if (this.remote) await this.guard(() => this.remote!.put(originalKey(sha256), data, 'image/jpeg'));
    await super.putOriginal(sha256, data);
  }

  /** The master's local file, fetched from the bucket when the local copy is not there. */
  override async statOriginal(sha256: string): Promise<StoredFile | null> {
    const local = await super.statOriginal(sha256);
    if ((local && local.size > 0) || !this.remote) return local;
    const fetched = await this.guard(() => this.fetchTo(this.remote!, originalKey(sha256), this.originalPathOf(sha256), sha256, 'original'));
    return fetched ? super.statOriginal(sha256) : null;
  }

  /**
   * The local file of a variant, fetched from the bucket (or brought back from the cold tier) when the local copy
   * is not there. Null when no tier has it; a 0-byte object anywhere is a clear 422, never a photo.
   */
  override async stat(sha256: string, variant: PhotoVariant): Promise<StoredFile | null> {
    const local = await super.stat(sha256, variant);
    if (local && local.size > 0) return local;
    const key = photoKey(sha256, variant);
    if (this.remote) {
      const fetched = await this.guard(() => this.fetch(this.remote!, key, sha256, variant));
      if (fetched) return super.stat(sha256, variant);
    }
    if (await this.bringBack(sha256, [variant])) return super.stat(sha256, variant);
    if (local) throw storageErrors.empty(sha256, variant, 'the photo folder');
    return null;
  }

  /** The size of a variant's hot copy (local file, else the bucket's object), without copying anything. */
  async sizeOf(sha256: string, variant: PhotoVariant): Promise<number | null> {
    const local = await super.stat(sha256, variant);
    if (local) return local.size;
    if (!this.remote) return null;
    return (await this.guard(() => this.remote!.head(photoKey(sha256, variant))))?.size ?? null;
  }

  /**
   * A variant's bytes wherever they are (local, bucket, cold) without copying them anywhere or changing its tier:
   * what a backup reads. Null when no tier has it.
   */
  async source(sha256: string, variant: PhotoVariant): Promise<{ size: number; open: () => Promise<Readable> } | null> {
    const key = photoKey(sha256, variant);
    const local = await super.stat(sha256, variant);
    if (local && local.size > 0) return { size: local.size, open: async () => this.open(sha256, variant) };
    for (const from of [this.remote, this.cold]) {
      if (!from) continue;
      const head = await this.guard(() => from.head(key));
      if (head && head.size > 0) {
        return {
          size: head.size,
          open: async () => {
            const body = await this.guard(() => from.get(key));
            if (!body) throw storageErrors.empty(sha256, variant, from.label);
            return body.stream;
          },
        };
      }
    }
    return null;
  }

  /** With a bucket: uploads the local files of a photo the bucket lacks (files a backup restore moved in). */
  async publishLocal(sha256: string): Promise<void> {
    if (!this.remote) return;
    for (const v of Object.keys(PHOTO_VARIANTS) as PhotoVariant[]) {
      const local = await super.stat(sha256, v);
      if (!local || local.size === 0) continue;
      if (await this.guard(() => this.remote!.head(photoKey(sha256, v)))) continue;
      await this.guard(() => this.remote!.put(photoKey(sha256, v), { path: local.path, size: local.size }, PHOTO_VARIANTS[v].mime));
    }
    const master = await super.statOriginal(sha256);
    if (master && master.size > 0 && !(await this.guard(() => this.remote!.head(originalKey(sha256))))) {
      await this.guard(() => this.remote!.put(originalKey(sha256), { path: master.path, size: master.size }, 'image/jpeg'));
    }
  }

  /** The studio's master for a backup: the local copy, else the bucket's object (not copied here); null when none was kept. */
  async sourceOriginal(sha256: string): Promise<{ size: number; open: () => Promise<Readable> } | null> {
    const local = await super.statOriginal(sha256);
    if (local && local.size > 0) return { size: local.size, open: async () => createReadStream(local.path) };
    if (!this.remote) return null;
    const head = await this.guard(() => this.remote!.head(originalKey(sha256)));
    if (!head || head.size === 0) return null;
    return {
      size: head.size,
      open: async () => {
        const body = await this.guard(() => this.remote!.get(originalKey(sha256)));
        if (!body) throw storageErrors.empty(sha256, 'original', this.remote!.label);
        return body.stream;
      },
    };
  }

  /** Which tier holds a variant now (no copying). */
  async tierOf(sha256: string, variant: PhotoVariant): Promise<PhotoTier> {
    const key = photoKey(sha256, variant);
    if (this.remote) {
      if (await this.guard(() => this.remote!.head(key))) return 'remote';
    } else if (await this.localHas(sha256, variant)) return 'local';
    if (await this.cold.head(key)) return 'cold';
    return 'missing';
  }

  /**
   * Moves a photo's full-size files to the cold tier and removes their hot and local copies. Copy first, delete
   * after: a fault half-way leaves two copies, never none. Answers the bytes moved.
   */
  async moveToCold(sha256: string): Promise<number> {
    let moved = 0;
    for (const v of COLD_VARIANTS) {
      const key = photoKey(sha256, v);
      if (await this.cold.head(key)) {
        await this.dropHot(sha256, v);
        continue;
      }
      const local = await super.stat(sha256, v);
      if (local && local.size > 0) {
        await this.cold.put(key, { path: local.path, size: local.size }, PHOTO_VARIANTS[v].mime);
        moved += local.size;
      } else if (this.remote) {
        const body = await this.guard(() => this.remote!.get(key));
        if (!body) continue;
        const tmp = await this.spool(body.stream);
        try {
          await this.cold.put(key, { path: tmp, size: body.total }, PHOTO_VARIANTS[v].mime);
        } finally {
          await fs.rm(tmp, { force: true });
        }
        moved += body.total;
      } else continue;
      await this.dropHot(sha256, v);
    }
    return moved;
  }

  /** Copies cold variants back to the hot side (and the local folder), then drops the cold copy. True when any came back. */
  async bringBack(sha256: string, variants: PhotoVariant[] = COLD_VARIANTS): Promise<boolean> {
    let any = false;
    for (const v of variants) {
      const key = photoKey(sha256, v);
      if (!(await this.fetch(this.cold, key, sha256, v))) continue;
      const local = (await super.stat(sha256, v))!;
      if (this.remote) await this.guard(() => this.remote!.put(key, { path: local.path, size: local.size }, PHOTO_VARIANTS[v].mime));
      await this.cold.delete(key);
      this.log?.info({ sha256, variant: v }, 'photo brought back from the cold tier');
      any = true;
    }
    if (any) await this.onBroughtBack?.(sha256);
    return any;
  }

  private async dropHot(sha256: string, v: PhotoVariant) {
    if (this.remote) await this.guard(() => this.remote!.delete(photoKey(sha256, v)));
    await fs.rm(this.pathOf(sha256, v), { force: true });
  }

  /** Streams an object into the local folder (temp file + rename). False when the store has no such object. */
  private async fetch(from: ObjectStore, key: string, sha256: string, variant: PhotoVariant): Promise<boolean> {
    return this.fetchTo(from, key, this.pathOf(sha256, variant), sha256, variant);
  }

  private async fetchTo(from: ObjectStore, key: string, target: string, sha256: string, what: string): Promise<boolean> {
    const body = await from.get(key);
    if (!body) return false;
    if (body.total === 0) {
      body.stream.destroy();
      throw storageErrors.empty(sha256, what, from.label.startsWith('s3:') ? 'the storage bucket' : 'the cold store');
    }
    await fs.mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomUUID()}${TEMP_SUFFIX}`;
    try {
      await pipeline(body.stream, createWriteStream(tmp, { flags: 'wx' }));
      const st = await fs.stat(tmp);
      if (st.size !== body.total) throw new Error(`short read of ${key}: ${st.size} of ${body.total} bytes`);
      await fs.rename(tmp, target);
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw e;
    }
    return true;
  }

  private async spool(stream: NodeJS.ReadableStream): Promise<string> {
    const tmp = path.join(this.tempDir, `cold-${randomUUID()}${TEMP_SUFFIX}`);
    await fs.mkdir(this.tempDir, { recursive: true });
    await pipeline(stream, createWriteStream(tmp, { flags: 'wx' }));
    return tmp;
  }

  /** A remote call whose network fault becomes the seller-facing 503 (the detail goes to the log). */
  private async guard<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      if (e instanceof AppError) throw e;
      this.log?.warn({ err: e, store: this.remote?.label }, 'storage call failed');
      throw storageErrors.unavailable();
    }
  }
}
