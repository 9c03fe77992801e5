import type { Logger } from 'pino';
import { ownerScope } from '../../platform/security/owner-scope.ts';
import { LocalObjectStore } from '../../platform/storage/local-object-store.ts';
import type { ObjectStore } from '../../platform/storage/object-store.ts';
import { COLD_VARIANTS, KEY_RE, type TieredPhotoStore } from '../../platform/storage/tiered-photo-store.ts';
import type { StorageRepository } from './storage.repository.ts';

// The optional lifecycle of photo files (issue 19, point 6):
//  - cold moves: the full-size files of photos that only items sold or archived STORAGE_COLD_AFTER_DAYS ago show
//    go to the cold tier (a bucket or prefix, or a folder with the local store); their local copies are removed.
//    The thumbnail stays hot, so the stock's lists look the same.
//  - bring back: a cold file is copied back the moment it is asked for (the photo store does it), and a relisted
//    item's photos all come back at once (index.ts listens to item.status_changed).
//  - orphan sweep: objects whose SHA-256 no photo row names (an upload whose row never came, a restore) are removed,
//    past a grace period so an upload in flight (object written, row not yet) is never touched.

export interface LifecycleDeps {
  store: TieredPhotoStore;
  usage: { restingPhotos(cutoff: string, afterSha: string, limit: number): Promise<{ sha256: string }[]>; photoShasOfItem(itemId: string): Promise<string[]> };
  photos: { idsBySha(shas: string[]): Promise<{ id: string; sha256: string }[]> };
  repo: StorageRepository;
  coldAfterDays: number;
  log?: Logger;
  now?: () => Date;
  /** Objects younger than this are never swept (default one hour). */
  orphanGraceMs?: number;
}

export interface TierStats { tier: 'local' | 'remote' | 'cold'; store: string; objects: number; bytes: number }
export interface LifecycleReport {
  dry_run: boolean;
  cold_after_days: number;
  moved: { photos: number; bytes: number };
  orphans: { objects: number; bytes: number };
  errors: number;
}
export type LifecycleProgress = (p: { phase: 'cold' | 'orphans'; done: number }) => void;

const BATCH = 200;
const DAY_MS = 24 * 3600 * 1000;

export class StorageLifecycle {
  private readonly now: () => Date;

  constructor(private readonly d: LifecycleDeps) {
    this.now = d.now ?? (() => new Date());
  }

  get rulesOn() {
    return this.d.coldAfterDays > 0;
  }

  private cutoff() {
    return new Date(this.now().getTime() - this.d.coldAfterDays * DAY_MS).toISOString();
  }

  /** Photos the cold rule would move now (not yet cold), in SHA-256 order, up to `limit`. */
  async *dueForCold(limit = Infinity): AsyncGenerator<string> {
    if (!this.rulesOn) return;
    let after = '';
    let given = 0;
    const cutoff = this.cutoff();
    for (;;) {
      const rows = await this.d.usage.restingPhotos(cutoff, after, BATCH);
      const cold = await this.d.repo.coldAmong(rows.map((r) => r.sha256));
      for (const r of rows) {
        if (cold.has(r.sha256)) continue;
        yield r.sha256;
        if (++given >= limit) return;
      }
      if (rows.length < BATCH) return;
      after = rows[rows.length - 1]!.sha256;
    }
  }

  /** What the rules would move next: a count, the bytes of the first `sample` and their SHA-256s. */
  async next(sample = 20): Promise<{ photos: number; bytes: number; sample: string[] }> {
    const shas: string[] = [];
    let photos = 0;
    let bytes = 0;
    for await (const sha of this.dueForCold(10_000)) {
      photos++;
      if (shas.length < sample) {
        shas.push(sha);
        bytes += await this.coldBytes(sha);
      }
    }
    return { photos, bytes, sample: shas };
  }

  private async coldBytes(sha: string): Promise<number> {
    let n = 0;
    for (const v of COLD_VARIANTS) n += (await this.d.store.sizeOf(sha, v).catch(() => null)) ?? 0;
    return n;
  }

  /** Runs the rules once: cold moves (when on) and the orphan sweep. A photo that fails is logged and counted. */
  async run(opts: { dryRun?: boolean; onProgress?: LifecycleProgress } = {}): Promise<LifecycleReport> {
    const dryRun = opts.dryRun ?? false;
    const report: LifecycleReport = { dry_run: dryRun, cold_after_days: this.d.coldAfterDays, moved: { photos: 0, bytes: 0 }, orphans: { objects: 0, bytes: 0 }, errors: 0 };
    const due: string[] = [];
    for await (const sha of this.dueForCold()) due.push(sha);
    for (const sha of due) {
      try {
        const bytes = dryRun ? await this.coldBytes(sha) : await this.d.store.moveToCold(sha);
        if (!dryRun) await this.d.repo.markCold(sha, bytes, this.now().toISOString());
        report.moved.photos++;
        report.moved.bytes += bytes;
      } catch (err) {
        report.errors++;
        this.d.log?.warn({ err, sha256: sha }, 'photo not moved to the cold tier');
      }
      opts.onProgress?.({ phase: 'cold', done: report.moved.photos + report.errors });
    }
    const orphans = await this.sweepOrphans({ dryRun, onProgress: opts.onProgress });
    report.orphans = orphans;
    if (!dryRun && (report.moved.photos || orphans.objects)) this.d.log?.info(report, 'storage lifecycle ran');
    return report;
  }

  /** Brings an item's cold photos back (a relist). Answers how many photos came back. */
  async bringBackItem(itemId: string): Promise<number> {
    const shas = await this.d.usage.photoShasOfItem(itemId);
    const cold = await this.d.repo.coldAmong(shas);
    let n = 0;
    for (const sha of cold) {
      await this.d.store.bringBack(sha);
      await this.d.repo.unmarkCold(sha);
      n++;
    }
    return n;
  }

  /** Records that a photo asked for while cold came back (the store copied it on demand). */
  async broughtBack(sha256: string) {
    await this.d.repo.unmarkCold(sha256);
  }

  /** The hot places of the photos: the bucket (with STORAGE=s3) and the local folder. */
  private places(): { tier: TierStats['tier']; store: ObjectStore; prefix: string; keyOf: (k: string) => string }[] {
    const local = new LocalObjectStore(this.d.store.root);
    const out: ReturnType<StorageLifecycle['places']> = [
      { tier: 'local', store: local, prefix: '', keyOf: (k) => `photos/${k}` },
      { tier: 'cold', store: this.d.store.cold, prefix: 'photos/', keyOf: (k) => k },
    ];
    if (this.d.store.remote) out.splice(1, 0, { tier: 'remote', store: this.d.store.remote, prefix: 'photos/', keyOf: (k) => k });
    return out;
  }

  /** Bytes and objects per tier, by listing each place (a page of 1,000 keys per request on S3). */
  async tiers(): Promise<TierStats[]> {
    const out: TierStats[] = [];
    for (const p of this.places()) {
      const t: TierStats = { tier: p.tier, store: p.store.label, objects: 0, bytes: 0 };
      for await (const o of p.store.list(p.prefix)) {
        if (!KEY_RE.test(p.keyOf(o.key))) continue;
        t.objects++;
        t.bytes += o.size;
      }
      out.push(t);
    }
    return out;
  }

  /** Removes objects whose SHA-256 no photo row names, in every place (the local folder's are the purge's too). */
  async sweepOrphans(opts: { dryRun?: boolean; onProgress?: LifecycleProgress } = {}): Promise<{ objects: number; bytes: number }> {
    const grace = this.d.orphanGraceMs ?? 3600_000;
    const before = this.now().getTime() - grace;
    const found = { objects: 0, bytes: 0 };
    for (const p of this.places()) {
      let batch: { key: string; sha: string; size: number }[] = [];
      const flush = async () => {
        // Every owner's rows (system scope): a file is shared by all who sent its bytes, and the sweep may run in one
        // person's request (POST /storage/lifecycle); their scope alone would call everyone else's files orphans.
        const known = new Set((await ownerScope.system(() => this.d.photos.idsBySha([...new Set(batch.map((b) => b.sha))]))).map((r) => r.sha256));
        for (const b of batch) {
          if (known.has(b.sha)) continue;
          if (!opts.dryRun) await p.store.delete(b.key);
          found.objects++;
          found.bytes += b.size;
          opts.onProgress?.({ phase: 'orphans', done: found.objects });
        }
        batch = [];
      };
      for await (const o of p.store.list(p.prefix)) {
        const m = KEY_RE.exec(p.keyOf(o.key));
        if (!m || (o.modified ?? 0) > before) continue;
        batch.push({ key: o.key, sha: m[1]!, size: o.size });
        if (batch.length >= 500) await flush();
      }
      if (batch.length) await flush();
    }
    return found;
  }
}
