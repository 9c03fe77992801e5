// A batch photo's files for the web app: the thumbnail the scan wrote, and a 1600 px preview made on first request
// from the original (the bulk scan skips the preview to stay fast; most photos are only ever seen as thumbnails).
import fs from 'node:fs/promises';
import { notFound } from '../../platform/errors.ts';
import { writeFileAtomic } from '../../platform/storage/atomic-file.ts';
import { UUID_RE } from '../../platform/time.ts';
import { decodeOnce, type PhotoFormat, type PhotoLimits } from '../photos/index.ts';
import type { BulkFolders } from './bulk-folders.ts';
import type { BulkRepository } from './bulk.repository.ts';
import type { BulkPhotosTable } from './bulk.tables.ts';

export class BulkPhotoFiles {
  constructor(
    private readonly limits: Pick<PhotoLimits, 'maxPixels'>,
    private readonly repo: BulkRepository,
    private readonly folders: BulkFolders,
  ) {}

  private async photo(jobId: string, photoId: string): Promise<BulkPhotosTable> {
    const p = UUID_RE.test(jobId) && UUID_RE.test(photoId) ? await this.repo.photo(jobId, photoId) : null;
    if (!p) throw notFound('photo_not_found', 'No such photo in this bulk job');
    if (p.state === 'failed') throw notFound('photo_unavailable', `${p.filename} could not be read: ${p.error_message ?? p.error_code}`);
    return p;
  }

  /** Exact copies were never decoded: they show their twin's pixels (the same bytes). */
  private async source(jobId: string, p: BulkPhotosTable): Promise<BulkPhotosTable> {
    if (p.state === 'duplicate' && p.duplicate_kind === 'exact' && p.duplicate_of) return (await this.repo.photo(jobId, p.duplicate_of)) ?? p;
    return p;
  }

  async thumb(jobId: string, photoId: string): Promise<string> {
    const p = await this.source(jobId, await this.photo(jobId, photoId));
    const file = this.folders.thumb(jobId, p.id);
    if (!(await exists(file))) throw notFound('photo_not_ready', 'This photo has not been scanned yet');
    return file;
  }

  async preview(jobId: string, photoId: string): Promise<string> {
    const p = await this.source(jobId, await this.photo(jobId, photoId));
    const cached = this.folders.preview(jobId, p.id);
    if (await exists(cached)) return cached;
    if (!p.format) throw notFound('photo_not_ready', 'This photo has not been scanned yet');
    const original = this.folders.resolve(jobId, p.file);
    if (!(await exists(original))) throw notFound('photo_unavailable', 'The original file of this photo is gone (job cancelled or deleted)');
    const d = await decodeOnce(original, p.format as PhotoFormat, { index: p.seq, filename: p.filename }, { maxPixels: this.limits.maxPixels });
    await writeFileAtomic(cached, (await d.files).preview);
    return cached;
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
