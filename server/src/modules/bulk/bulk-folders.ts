import fs from 'node:fs/promises';
import path from 'node:path';
import { UUID_RE } from '../../platform/time.ts';

// Where a batch's files live: DATA_DIR/bulk/<job id>/{files,thumbs,analysis}. Paths are built from ids we
// generated (checked again here), never from a name the seller or an archive chose.
export class BulkFolders {
  constructor(readonly root: string) {}

  job(jobId: string): string {
    if (!UUID_RE.test(jobId)) throw new Error(`not a job id: ${jobId.slice(0, 60)}`);
    return path.join(this.root, jobId);
  }

  files(jobId: string): string {
    return path.join(this.job(jobId), 'files');
  }

  /** A stored path (relative to the job folder) back to an absolute one, refusing anything that leaves it. */
  resolve(jobId: string, relative: string): string {
    const base = this.job(jobId);
    const p = path.resolve(base, relative);
    if (!p.startsWith(base + path.sep)) throw new Error('path outside the job folder');
    return p;
  }

  relative(jobId: string, absolute: string): string {
    return path.relative(this.job(jobId), absolute);
  }

  thumb(jobId: string, photoId: string): string {
    if (!UUID_RE.test(photoId)) throw new Error('not a photo id');
    return path.join(this.job(jobId), 'thumbs', `${photoId}.webp`);
  }

  preview(jobId: string, photoId: string): string {
    if (!UUID_RE.test(photoId)) throw new Error('not a photo id');
    return path.join(this.job(jobId), 'previews', `${photoId}.jpg`);
  }

  /** The 256 px analysis decode, kept raw between the scan and the later stages (no second decode). */
  analysis(jobId: string, photoId: string): string {
    if (!UUID_RE.test(photoId)) throw new Error('not a photo id');
    return path.join(this.job(jobId), 'analysis', `${photoId}.rgb`);
  }

  async remove(jobId: string): Promise<void> {
    await fs.rm(this.job(jobId), { recursive: true, force: true });
  }
}
