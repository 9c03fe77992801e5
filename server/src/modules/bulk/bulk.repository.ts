import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { nowIso } from '../../platform/time.ts';
import {
  type BulkClustersTable, type BulkDatabase, type BulkDb, type BulkJobsTable, type BulkLogTable, type BulkPhotosTable, type BulkPlansTable,
  type BulkResultsTable, bulkDb,
} from './bulk.tables.ts';

export type PhotoState = 'received' | 'scanned' | 'analysed' | 'duplicate' | 'failed';
export type LogEntryInput = Omit<BulkLogTable, 'id' | 'at' | 'job_id' | 'photo_ids' | 'evidence'> & { photo_ids: string[]; evidence?: unknown };

// Inserts go in slices: SQLite caps bound parameters per statement, and 500 photos × 30 columns is above it.
const SLICE = 25;

/** SQL of the bulk import. Every list a request reads is bounded by one job (indexed by job id). */
export class BulkRepository {
  private readonly db: Kysely<BulkDatabase>;

  constructor(db: Kysely<Database>) {
    this.db = bulkDb(db);
  }

  transaction<T>(fn: (t: BulkDb) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  async createJob(job: BulkJobsTable, photos: BulkPhotosTable[]): Promise<void> {
    await this.transaction(async (t) => {
      await t.insertInto('bulk_jobs').values(job).execute();
      for (let i = 0; i < photos.length; i += SLICE) await t.insertInto('bulk_photos').values(photos.slice(i, i + SLICE)).execute();
    });
  }

  /** A job and everything it holds (photos, groups, log, plans and their results), in one transaction. */
  async deleteJob(id: string): Promise<void> {
    await this.transaction(async (t) => {
      const plans = await t.selectFrom('bulk_plans').select('id').where('job_id', '=', id).execute();
      if (plans.length) await t.deleteFrom('bulk_results').where('plan_id', 'in', plans.map((p) => p.id)).execute();
      for (const table of ['bulk_plans', 'bulk_log', 'bulk_clusters', 'bulk_photos'] as const) await t.deleteFrom(table).where('job_id', '=', id).execute();
      await t.deleteFrom('bulk_jobs').where('id', '=', id).execute();
    });
  }

  /** Only the job row (its photos go with it by the foreign key): a job whose run could not be queued. */
  async deleteJobRow(id: string): Promise<void> {
    await this.db.deleteFrom('bulk_jobs').where('id', '=', id).execute();
  }

  async job(id: string, db: BulkDb = this.db): Promise<BulkJobsTable | null> {
    return (await db.selectFrom('bulk_jobs').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
  }

  async updateJob(id: string, patch: Partial<Omit<BulkJobsTable, 'id'>>, db: BulkDb = this.db): Promise<void> {
    await db.updateTable('bulk_jobs').set({ ...patch, updated_at: nowIso() }).where('id', '=', id).execute();
  }

  async photos(jobId: string, states?: PhotoState[], db: BulkDb = this.db): Promise<BulkPhotosTable[]> {
    let q = db.selectFrom('bulk_photos').selectAll().where('job_id', '=', jobId);
    if (states) q = q.where('state', 'in', states);
    return q.orderBy('seq').execute();
  }

  async photo(jobId: string, id: string, db: BulkDb = this.db): Promise<BulkPhotosTable | null> {
    return (await db.selectFrom('bulk_photos').selectAll().where('job_id', '=', jobId).where('id', '=', id).executeTakeFirst()) ?? null;
  }

  async updatePhoto(id: string, patch: Partial<Omit<BulkPhotosTable, 'id' | 'job_id'>>, db: BulkDb = this.db): Promise<void> {
    await db.updateTable('bulk_photos').set({ ...patch, updated_at: nowIso() }).where('id', '=', id).execute();
  }

  /** Moves a photo to `to` only if it is still in `from`: a resumed run never processes a photo twice. */
  async advancePhoto(id: string, from: PhotoState, to: PhotoState, patch: Partial<Omit<BulkPhotosTable, 'id' | 'job_id' | 'state'>>, db: BulkDb = this.db): Promise<boolean> {
    const res = await db.updateTable('bulk_photos').set({ ...patch, state: to, updated_at: nowIso() })
      .where('id', '=', id).where('state', '=', from).executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async stateCounts(jobId: string): Promise<Record<string, number>> {
    const rows = await this.db.selectFrom('bulk_photos').select(['state', (eb) => eb.fn.countAll<number>().as('n')])
      .where('job_id', '=', jobId).groupBy('state').execute();
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  }

  async clusters(jobId: string, db: BulkDb = this.db): Promise<BulkClustersTable[]> {
    return db.selectFrom('bulk_clusters').selectAll().where('job_id', '=', jobId).orderBy('position').execute();
  }

  async cluster(jobId: string, id: string, db: BulkDb = this.db): Promise<BulkClustersTable | null> {
    return (await db.selectFrom('bulk_clusters').selectAll().where('job_id', '=', jobId).where('id', '=', id).executeTakeFirst()) ?? null;
  }

  /** Photos of a job's groups, by group then position (duplicates and failures have no group). */
  async clusteredPhotos(jobId: string, db: BulkDb = this.db): Promise<BulkPhotosTable[]> {
    return db.selectFrom('bulk_photos').selectAll().where('job_id', '=', jobId).where('cluster_id', 'is not', null)
      .orderBy('cluster_id').orderBy('position').execute();
  }

  async insertClusters(rows: BulkClustersTable[], db: BulkDb): Promise<void> {
    for (let i = 0; i < rows.length; i += SLICE) await db.insertInto('bulk_clusters').values(rows.slice(i, i + SLICE)).execute();
  }

  async updateCluster(jobId: string, id: string, patch: Partial<Omit<BulkClustersTable, 'job_id' | 'id'>>, db: BulkDb = this.db): Promise<void> {
    await db.updateTable('bulk_clusters').set({ ...patch, updated_at: nowIso() }).where('job_id', '=', jobId).where('id', '=', id).execute();
  }

  async deleteClusters(jobId: string, ids: string[] | 'all', db: BulkDb): Promise<void> {
    let q = db.deleteFrom('bulk_clusters').where('job_id', '=', jobId);
    if (ids !== 'all') {
      if (ids.length === 0) return;
      q = q.where('id', 'in', ids);
    }
    await q.execute();
  }

  async setMembership(jobId: string, photoId: string, clusterId: string | null, position: number | null, db: BulkDb): Promise<void> {
    await db.updateTable('bulk_photos').set({ cluster_id: clusterId, position, updated_at: nowIso() }).where('job_id', '=', jobId).where('id', '=', photoId).execute();
  }

  async clearMembership(jobId: string, db: BulkDb): Promise<void> {
    await db.updateTable('bulk_photos').set({ cluster_id: null, position: null }).where('job_id', '=', jobId).execute();
  }

  async log(jobId: string, entries: LogEntryInput[], db: BulkDb = this.db): Promise<void> {
    const at = nowIso();
    const rows = entries.map((e) => ({ ...e, job_id: jobId, at, photo_ids: JSON.stringify(e.photo_ids), evidence: JSON.stringify(e.evidence ?? {}) }));
    for (let i = 0; i < rows.length; i += SLICE) await db.insertInto('bulk_log').values(rows.slice(i, i + SLICE)).execute();
  }

  async clearLog(jobId: string, stages: string[], db: BulkDb): Promise<void> {
    await db.deleteFrom('bulk_log').where('job_id', '=', jobId).where('stage', 'in', stages).execute();
  }

  async readLog(jobId: string, limit: number, afterId = 0): Promise<Selectable<BulkLogTable>[]> {
    return this.db.selectFrom('bulk_log').selectAll().where('job_id', '=', jobId).where('id', '>', afterId).orderBy('id').limit(limit).execute();
  }

  async insertPlan(row: Omit<BulkPlansTable, 'version'>): Promise<BulkPlansTable> {
    // The (job, version) unique key settles two plans made at once: the loser retries with the next number.
    for (let attempt = 0; ; attempt++) {
      const last = await this.db.selectFrom('bulk_plans').select((eb) => eb.fn.max('version').as('v')).where('job_id', '=', row.job_id).executeTakeFirst();
      const plan = { ...row, version: Number(last?.v ?? 0) + 1 };
      try {
        await this.db.insertInto('bulk_plans').values(plan).execute();
        return plan;
      } catch (e) {
        if (attempt >= 3) throw e;
      }
    }
  }

  async plan(id: string): Promise<BulkPlansTable | null> {
    return (await this.db.selectFrom('bulk_plans').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
  }

  async result(planId: string, clusterId: string, dryRun: boolean): Promise<BulkResultsTable | null> {
    return (await this.db.selectFrom('bulk_results').selectAll().where('plan_id', '=', planId).where('cluster_id', '=', clusterId).where('dry_run', '=', dryRun ? 1 : 0).executeTakeFirst()) ?? null;
  }

  async saveResult(row: Omit<BulkResultsTable, 'created_at' | 'updated_at'>): Promise<void> {
    const at = nowIso();
    const existing = await this.result(row.plan_id, row.cluster_id, row.dry_run === 1);
    if (existing) {
      await this.db.updateTable('bulk_results').set({ ok: row.ok, item_id: row.item_id, report: row.report, updated_at: at })
        .where('plan_id', '=', row.plan_id).where('cluster_id', '=', row.cluster_id).where('dry_run', '=', row.dry_run).execute();
    } else {
      await this.db.insertInto('bulk_results').values({ ...row, created_at: at, updated_at: at }).execute();
    }
  }
}
