import type { BulkRepository, PhotoState } from '../bulk.repository.ts';
import type { BulkPhotosTable } from '../bulk.tables.ts';

type Patch = Partial<Omit<BulkPhotosTable, 'id' | 'job_id' | 'state'>>;

/**
 * Photo state changes written a batch at a time, in one transaction: one disk sync per batch instead of one per
 * photo (SQLite syncs at every commit, and better-sqlite3 waits for it on the event loop). A crash loses at most
 * the unwritten batch, whose photos are still "received" in the database and are simply scanned again on resume.
 */
export class PhotoWrites {
  private pending: { id: string; from: PhotoState; to: PhotoState; patch: Patch }[] = [];

  constructor(private readonly repo: BulkRepository, private readonly batch = 25) {}

  async advance(id: string, from: PhotoState, to: PhotoState, patch: Patch): Promise<void> {
    this.pending.push({ id, from, to, patch });
    if (this.pending.length >= this.batch) await this.flush();
  }

  async flush(): Promise<void> {
    const writes = this.pending;
    this.pending = [];
    if (!writes.length) return;
    await this.repo.transaction(async (t) => {
      for (const w of writes) await this.repo.advancePhoto(w.id, w.from, w.to, w.patch, t);
    });
  }
}
