import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { AppContext } from '../../context.ts';
import { FINISHED_STATES } from '../../platform/jobs/job-runs.repository.ts';
import { dropsDb } from '../pricing/drops/drops.tables.ts';
import type { JsonSetting } from './json-setting.ts';
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

/** The daily housekeeping: old drafts (opt-in), old logs, photo files nothing refers to. */
export class PurgeService {
  constructor(
    private readonly ctx: AppContext,
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
    const L = this.ctx.listings;
    const cutoff = new Date(now.getTime() - s.drafts_after_days * DAY).toISOString();
    const rows = await this.ctx.db.selectFrom('items').selectAll().where('status', '=', 'draft').where('updated_at', '<', cutoff).orderBy('updated_at').execute();
    report.drafts.count = rows.length;
    report.drafts.item_ids = rows.slice(0, 100).map((r) => r.id);
    if (dryRun || rows.length === 0) return;
    if (s.drafts_action === 'delete') {
      await L.repo.transaction(async (t) => {
        for (const r of rows) await L.repo.delete(r.id, t);
      });
      for (const r of rows) this.ctx.events.emit('item.deleted', { item_id: r.id });
      return;
    }
    // Archived through the listings service: the status rules stamp archived_at as for any archive.
    const changes = await L.repo.transaction(async (t) => {
      const out = [];
      for (const r of rows) out.push(await L.applyChange(r, { status: 'archived' }, 'purge', t));
      return out;
    });
    for (const c of changes) L.emitChange(c.item, c.changed, c.statusChange);
  }

  private async logs(s: PurgeSettings, now: Date, dryRun: boolean, report: PurgeReport) {
    const db = dropsDb(this.ctx.db);
    const cutoff = new Date(now.getTime() - s.logs_after_days * DAY).toISOString();
    // The latest price-drop run stays: the missed-day catch-up reads it.
    const latest = (await db.selectFrom('price_drop_runs').select('id').orderBy('started_at', 'desc').limit(1).executeTakeFirst())?.id ?? '';
    const n = (r: { n: number | string | bigint } | undefined) => Number(r?.n ?? 0);
    report.logs = {
      job_runs: n(await db.selectFrom('job_runs').select((eb) => eb.fn.countAll<number>().as('n')).where('state', 'in', [...FINISHED_STATES]).where('updated_at', '<', cutoff).executeTakeFirst()),
      scheduler_ticks: n(await db.selectFrom('scheduler_ticks').select((eb) => eb.fn.countAll<number>().as('n')).where('claimed_at', '<', cutoff).executeTakeFirst()),
      price_drop_runs: n(await db.selectFrom('price_drop_runs').select((eb) => eb.fn.countAll<number>().as('n')).where('started_at', '<', cutoff).where('id', '<>', latest).executeTakeFirst()),
    };
    if (dryRun) return;
    await db.transaction().execute(async (t) => {
      await t.deleteFrom('job_runs').where('state', 'in', [...FINISHED_STATES]).where('updated_at', '<', cutoff).execute();
      await t.deleteFrom('scheduler_ticks').where('claimed_at', '<', cutoff).execute();
      await t.deleteFrom('price_drop_runs').where('started_at', '<', cutoff).where('id', '<>', latest).execute();
    });
  }

  /** Photo files (DATA_DIR/photos/<aa>/<sha256>.<variant>) whose sha256 no photo row has, and stale restore folders. */
  private async orphans(now: Date, dryRun: boolean, report: PurgeReport) {
    const root = path.join(this.ctx.config.dataDir, 'photos');
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
        const known = new Set((await this.ctx.db.selectFrom('photos').select('sha256').where('sha256', 'in', [...new Set(chunk.map((f) => f.sha))]).execute()).map((r) => r.sha256));
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
