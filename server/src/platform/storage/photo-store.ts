import { createReadStream, type ReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sweepTempFiles, writeFileAtomic } from './atomic-file.ts';

// Photo files, content-addressed by the SHA-256 of the bytes the seller sent: the same photo sent twice is stored
// once. Only derivatives are kept (a 1600 px JPEG preview and a ~400 px WebP thumbnail), both re-encoded from
// pixels, so no EXIF or GPS block of the original ever reaches the disk. Layout: `<root>/<sha[0..2]>/<sha>.<variant>`,
// two hex characters of fan-out so no folder grows past a few thousand entries at 100 k photos.
export const PHOTO_VARIANTS = {
  preview: { suffix: 'preview.jpg', mime: 'image/jpeg' },
  thumb: { suffix: 'thumb.webp', mime: 'image/webp' },
} as const;
export type PhotoVariant = keyof typeof PHOTO_VARIANTS;

const SHA256_HEX = /^[0-9a-f]{64}$/;
const ORIGINAL_SUFFIX = 'original.jpg';

export interface StoredFile { path: string; size: number; mime: string }

/** Where photo files live. Local folder today; an S3-compatible store would implement the same calls. */
export interface PhotoStore {
  /** True when every variant of this photo is on disk. */
  has(sha256: string): Promise<boolean>;
  /** Writes the variants atomically; answers false (and writes nothing) when they were all there already. */
  put(sha256: string, files: Record<PhotoVariant, Buffer>): Promise<boolean>;
  remove(sha256: string): Promise<void>;
  stat(sha256: string, variant: PhotoVariant): Promise<StoredFile | null>;
  open(sha256: string, variant: PhotoVariant): ReadStream;
  /**
   * The full-resolution master the photo studio renders edits from (EXIF-free JPEG, long side ≤ 4096): written
   * beside the variants, removed with them; a photo stored before masters existed has none (edits use its preview).
   */
  putOriginal(sha256: string, data: Buffer): Promise<void>;
  statOriginal(sha256: string): Promise<StoredFile | null>;
  /** A folder on the same filesystem for uploads in progress (so a later rename is atomic). */
  readonly tempDir: string;
}

export class LocalPhotoStore implements PhotoStore {
  readonly tempDir: string;

  constructor(readonly root: string) {
    this.tempDir = path.join(root, '.incoming');
  }

  /** Creates the folders and clears what a crash may have left (half-written files, abandoned uploads). */
  async init(): Promise<void> {
    await fs.mkdir(this.tempDir, { recursive: true });
    await sweepTempFiles(this.root);
    await sweepTempFiles(this.tempDir, undefined, () => true);
  }

  pathOf(sha256: string, variant: PhotoVariant): string {
    if (!SHA256_HEX.test(sha256)) throw new Error(`not a SHA-256 hex digest: ${sha256.slice(0, 80)}`);
    return path.join(this.root, sha256.slice(0, 2), `${sha256}.${PHOTO_VARIANTS[variant].suffix}`);
  }

  async has(sha256: string): Promise<boolean> {
    for (const v of Object.keys(PHOTO_VARIANTS) as PhotoVariant[]) {
      if (!(await exists(this.pathOf(sha256, v)))) return false;
    }
    return true;
  }

  async put(sha256: string, files: Record<PhotoVariant, Buffer>): Promise<boolean> {
    if (await this.has(sha256)) return false;
    const written: string[] = [];
    try {
      for (const v of Object.keys(PHOTO_VARIANTS) as PhotoVariant[]) {
        const target = this.pathOf(sha256, v);
        await writeFileAtomic(target, files[v]);
        written.push(target);
      }
    } catch (e) {
      for (const p of written) await fs.rm(p, { force: true });
      throw e;
    }
    return true;
  }

  async remove(sha256: string): Promise<void> {
    for (const v of Object.keys(PHOTO_VARIANTS) as PhotoVariant[]) await fs.rm(this.pathOf(sha256, v), { force: true });
    await fs.rm(this.originalPathOf(sha256), { force: true });
    await fs.rmdir(path.join(this.root, sha256.slice(0, 2))).catch(() => {}); // only succeeds when empty
  }

  async stat(sha256: string, variant: PhotoVariant): Promise<StoredFile | null> {
    const p = this.pathOf(sha256, variant);
    try {
      const s = await fs.stat(p);
      return { path: p, size: s.size, mime: PHOTO_VARIANTS[variant].mime };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  open(sha256: string, variant: PhotoVariant): ReadStream {
    return createReadStream(this.pathOf(sha256, variant));
  }

  originalPathOf(sha256: string): string {
    return this.pathOf(sha256, 'preview').replace(/preview\.jpg$/, ORIGINAL_SUFFIX);
  }

  async putOriginal(sha256: string, data: Buffer): Promise<void> {
    const target = this.originalPathOf(sha256);
    if (await exists(target)) return;
    await writeFileAtomic(target, data);
  }

  async statOriginal(sha256: string): Promise<StoredFile | null> {
    const p = this.originalPathOf(sha256);
    try {
      const s = await fs.stat(p);
      return { path: p, size: s.size, mime: 'image/jpeg' };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}
