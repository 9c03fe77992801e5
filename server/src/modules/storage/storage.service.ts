import type { PhotoVariant } from '../../platform/storage/photo-store.ts';
import { photoKey, type TieredPhotoStore } from '../../platform/storage/tiered-photo-store.ts';
import type { StorageLifecycle, TierStats } from './lifecycle.service.ts';
import type { StorageRepository } from './storage.repository.ts';

export interface StorageStats {
  backend: 'local' | 's3';
  tiers: TierStats[];
  cold_ledger: { photos: number; bytes: number };
  rules: { cold_after_days: number; schedule: string };
  next: { photos: number; bytes: number; sample: string[] };
}

// What the storage routes answer: the tiers' figures, and a photo's short-lived URL.
export class StorageService {
  constructor(
    readonly store: TieredPhotoStore,
    readonly lifecycle: StorageLifecycle,
    private readonly repo: StorageRepository,
    private readonly photos: { file(id: string, variant: PhotoVariant): Promise<{ sha256: string }> },
    private readonly opts: { coldAfterDays: number; schedule: string; signedUrlTtlS: number; now?: () => Date },
  ) {}

  async stats(): Promise<StorageStats> {
    return {
      backend: this.store.remote ? 's3' : 'local',
      tiers: await this.lifecycle.tiers(),
      cold_ledger: await this.repo.coldTotals(),
      rules: { cold_after_days: this.opts.coldAfterDays, schedule: this.opts.schedule },
      next: await this.lifecycle.next(),
    };
  }

  /** A signed bucket URL with STORAGE=s3, the app's own URL otherwise. `file()` 404s an unknown photo and brings a cold one back. */
  async photoUrl(id: string, variant: PhotoVariant) {
    const f = await this.photos.file(id, variant);
    const own = variant === 'thumb' ? `/photos/${id}/thumb` : `/photos/${id}`;
    if (!this.store.remote) return { url: own, expires_at: null, signed: false };
    const url = await this.store.remote.signedUrl(photoKey(f.sha256, variant), this.opts.signedUrlTtlS);
    if (!url) return { url: own, expires_at: null, signed: false };
    const now = (this.opts.now ?? (() => new Date()))();
    return { url, expires_at: new Date(now.getTime() + this.opts.signedUrlTtlS * 1000).toISOString(), signed: true };
  }
}
