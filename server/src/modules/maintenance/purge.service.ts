import fs from 'node:fs/promises';
import { ownerScope } from '../../platform/security/owner-scope.ts';
import path from 'node:path';
import type { Logger } from 'pino';
import type { JobRunsRepository } from '../../platform/jobs/job-runs.repository.ts';
import type { SchedulerTicksRepository } from '../../platform/jobs/scheduler-ticks.repository.ts';
import type { JsonSetting } from '../../platform/settings/json-setting.ts';
import type { ListingsService } from '../listings/index.ts';
import type { PhotosService } from '../photos/index.ts';
import type { PriceDropService } from '../pricing/index.ts';
import type { PurgeSettings } from './maintenance-settings.ts';

export interface PurgeReport {
  dry_run: boolean;
  drafts: { enabled: boolean; action: 'archive' | 'delete'; count: number; item_ids: string[] };
  logs: { job_runs: number; scheduler_ticks: number; price_drop_runs: number };
  orphan_files: { count: number; bytes: number };
}

const DAY = 86_400_000;
/** A file younger than this may belong to an upload or a restore in progress: never touched. */
const GRACE_MS = 3600_000;
const SHA_FILE = /^([0-9a-f]{64})\.[a-z.]+$/;

/** What the purge works on: the stock, the photos, the price-drop runs and the platform's job logs. */
export interface PurgeDeps {
  listings: Pick<ListingsService, 'staleDraftIds' | 'archiveMany' | 'deleteMany'>;
  photos: Pick<PhotosService, 'idsBySha'>;
  priceDrops: Pick<PriceDropService, 'purgeRunsBefore'>;
  jobRuns: Pick<JobRunsRepository, 'countFinishedBefore' | 'deleteFinishedBefore'>;
  ticks: Pick<SchedulerTicksRepository, 'countClaimedBefore' | 'deleteClaimedBefore'>;
  /** DATA_DIR/photos: `<aa>/<sha256>.<variant>` files, and `.restore-*` folders of interrupted restores. */
  photosDir: string;
}

/** The daily housekeeping: old drafts (opt-in), old logs, photo files nothing refers to. */
export class PurgeService {
  constructor(
    private readonly d: PurgeDeps,
    readonly settings: JsonSetting<PurgeSettings>,
    private readonly log: Logger,
  ) {}

  async run(opts: { dryRun?: boolean; now?: Date } = {}): Promise<PurgeReport> {
    const s = await this.settings.get();
    const now = opts.now ?? new Date();
    const dryRun = opts.dryRun ?? false;
    const report: PurgeReport = {
      dry_run: dryRun,
      drafts: { enabled: s.drafts_enabled, action: s.drafts_action, count: 0, item_ids: [] },
      logs: { job_runs: 0, scheduler_ticks: 0, price_drop_runs: 0 },
      orphan_files: { count: 0, bytes: 0 },
    };
    if (s.drafts_enabled) await this.drafts(s, now, dryRun, report);
    await this.logs(s, now, dryRun, report);
    if (s.orphan_photos) await this.orphans(now, dryRun, report);
    if (!dryRun) this.log.info({ drafts: report.drafts.count, logs: report.logs, orphan_files: report.orphan_files.count }, 'purge done');
    return report;
  }

  private async drafts(s: PurgeSettings, now: Date, dryRun: boolean, report: PurgeReport) {
    const cutoff = new Date(now.getTime() - s.drafts_after_days * DAY).toISOString();
    const ids = await this.d.listings.staleDraftIds(cutoff);
    report.drafts.count = ids.length;
    report.drafts.item_ids = ids.slice(0, 100);
    if (dryRun || ids.length === 0) return;
    if (s.drafts_action === 'delete') await this.d.listings.deleteMany(ids);
    // Archived through the listings service: the status rules stamp archived_at as for any archive.
    else await this.d.listings.archiveMany(ids, 'purge');
  }

  private async logs(s: PurgeSettings, now: Date, dryRun: boolean, report: PurgeReport) {
    const cutoff = new Date(now.getTime() - s.logs_after_days * DAY).toISOString();
    const { jobRuns, ticks } = this.d;
    // Each owner deletes its own rows; old log rows need no common transaction (a purge cut short resumes next day).
    report.logs = {
      job_runs: await jobRuns.countFinishedBefore(cutoff),
      scheduler_ticks: await ticks.countClaimedBefore(cutoff),
      // The latest price-drop run stays: the missed-day catch-up reads it.
      price_drop_runs: await this.d.priceDrops.purgeRunsBefore(cutoff, dryRun),
    };
    if (dryRun) return;
    await jobRuns.deleteFinishedBefore(cutoff);
    await ticks.deleteClaimedBefore(cutoff);
  }

  /** Photo files (DATA_DIR/photos/<aa>/<sha256>.<variant>) whose sha256 no photo row has, and stale restore folders. */
  private async orphans(now: Date, dryRun: boolean, report: PurgeReport) {
    const root = this.d.photosDir;
    const dirs = await fs.readdir(root, { withFileTypes: true }).catch(() => []);
    for (const d of dirs) {
      const dir = path.join(root, d.name);
      if (d.isDirectory() && d.name.startsWith('.restore-')) {
        const st = await fs.stat(dir).catch(() => null);
        if (st && now.getTime() - st.mtimeMs > DAY && !dryRun) await fs.rm(dir, { recursive: true, force: true });
        continue;
      }
      if (!d.isDirectory() || !/^[0-9a-f]{2}$/.test(d.name)) continue;
      const files = (await fs.readdir(dir)).flatMap((name) => {
        const m = SHA_FILE.exec(name);
        return m ? [{ name, sha: m[1] }] : [];
      });
      for (let i = 0; i < files.length; i += 500) {
        const chunk = files.slice(i, i + 500);
        // Across owners: a file is shared by content, and orphaned only when no owner's photo names it.
        const shas = [...new Set(chunk.map((f) => f.sha))];
        const known = new Set((await ownerScope.system(() => this.d.photos.idsBySha(shas))).map((r) => r.sha256));
        for (const f of chunk) {
          if (known.has(f.sha)) continue;
          const p = path.join(dir, f.name);
          const st = await fs.stat(p).catch(() => null);
          if (!st || now.getTime() - st.mtimeMs < GRACE_MS) continue;
          report.orphan_files.count++;
          report.orphan_files.bytes += st.size;
          if (!dryRun) await fs.rm(p, { force: true });
        }
      }
      if (!dryRun) await fs.rmdir(dir).catch(() => {}); // only when emptied
    }
  }
}
