// Bringing back a photo the job set aside as a duplicate (the same file twice, a near-identical shot, or a photo
// already in the stock): the seller says "keep it", and it joins a group like any other photo. By default it goes
// to the group of the twin it was set aside for (a second shot of the same garment); a photo matched to the stock,
// or sent to "new", starts a group of its own. The group is measured again (cover, category, colour).
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { nowIso } from '../../platform/time.ts';
import type { PhotoLimits } from '../photos/index.ts';
import type { BulkFolders } from './bulk-folders.ts';
import type { BulkRepository } from './bulk.repository.ts';
import { type BulkStatusService, clusterView, photoView } from './bulk-status.service.ts';
import type { BulkClustersTable } from './bulk.tables.ts';
import { holdLabelReader } from './analysis/vision-adapter.ts';
import { clusterNamer } from './cluster-edits.ts';
import { categoriseCluster } from './pipeline/group-stages.ts';
import { ProgressReporter, type StageContext } from './pipeline/pipeline-context.ts';

export class BulkKeepService {
  constructor(
    private readonly d: { config: Config; log: Logger; limits: PhotoLimits },
    private readonly repo: BulkRepository,
    private readonly folders: BulkFolders,
    private readonly status: BulkStatusService,
  ) {}

  /** The set-aside photos of a job, with what each was set aside for (GET /bulk/duplicates). */
  async list(jobId: string) {
    await this.status.job(jobId);
    const photos = await this.repo.photos(jobId);
    const byId = new Map(photos.map((p) => [p.id, p]));
    const duplicates = photos.filter((p) => p.state === 'duplicate').map((p) => {
      const inStock = p.duplicate_kind === 'in_stock';
      const twin = !inStock && p.duplicate_of ? byId.get(p.duplicate_of) : undefined;
      return {
        photo: photoView(jobId, p), kind: p.duplicate_kind, message: p.duplicate_message,
        kept: twin ? { id: twin.id, filename: twin.filename, cluster_id: twin.cluster_id } : null,
        in_stock_item_id: inStock ? p.duplicate_of : null,
      };
    });
    return { ok: true as const, job_id: jobId, count: duplicates.length, duplicates };
  }

  async keep(jobId: string, photoId: string, to?: string) {
    await this.status.completedJob(jobId);
    const photo = await this.repo.photo(jobId, photoId);
    if (!photo) throw notFound('photo_not_found', `No photo ${photoId} in this job`);
    if (photo.state !== 'duplicate') throw new AppError(409, 'photo_not_set_aside', `${photo.filename} is not set aside as a duplicate`, { state: photo.state, cluster_id: photo.cluster_id });
    const clusters = await this.repo.clusters(jobId);
    let target: string | null = null;
    if (to && to !== 'new') {
      if (!clusters.some((c) => c.id === to)) throw notFound('cluster_not_found', `No group ${to} in this job`);
      target = to;
    } else if (!to && photo.duplicate_kind !== 'in_stock' && photo.duplicate_of) {
      target = (await this.repo.photo(jobId, photo.duplicate_of))?.cluster_id ?? null;
    }
    const at = nowIso();
    const clusterId = await this.repo.transaction(async (t) => {
      let id = target;
      if (!id) {
        id = clusterNamer(clusters.map((c) => c.id))();
        const row: BulkClustersTable = {
          job_id: jobId, id, position: clusters.reduce((m, c) => Math.max(m, c.position), -1) + 1, cover_photo_id: null, category: null, category_score: null,
          color: null, color_secondary: null, brand: null, size: null, cohesion: null, few_photos: 1, categorised: 0, edited: 1, details: '{}', item_id: null,
          created_at: at, updated_at: at,
        };
        await this.repo.insertClusters([row], t);
      }
      const members = (await this.repo.clusteredPhotos(jobId, t)).filter((p) => p.cluster_id === id);
      if (!(await this.repo.advancePhoto(photo.id, 'duplicate', 'analysed', { duplicate_of: null, duplicate_kind: null, duplicate_message: null }, t))) {
        throw new AppError(409, 'photo_not_set_aside', `${photo.filename} was brought back meanwhile`);
      }
      await this.repo.setMembership(jobId, photo.id, id, members.length, t);
      await this.repo.updateCluster(jobId, id, { edited: 1, few_photos: members.length + 1 < 3 ? 1 : 0, updated_at: at }, t);
      await this.repo.log(jobId, [{
        stage: 'edited', rule: 'edit_keep_duplicate', cluster_id: id, photo_ids: [photo.id],
        message: `Seller kept ${photo.filename}, set aside as a duplicate (${photo.duplicate_kind ?? 'duplicate'}), in ${id}.`, evidence: { kind: photo.duplicate_kind, was_duplicate_of: photo.duplicate_of },
      }], t);
      return id;
    });
    // Measured again with its new photo, outside the transaction (OCR may run).
    const row = (await this.repo.cluster(jobId, clusterId))!;
    const inGroup = (await this.repo.clusteredPhotos(jobId)).filter((p) => p.cluster_id === clusterId).sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
    const release = holdLabelReader();
    try {
      await categoriseCluster(this.stageContext(jobId), row, inGroup);
    } finally {
      await release();
    }
    const fresh = (await this.repo.cluster(jobId, clusterId))!;
    return { ok: true as const, job_id: jobId, photo_id: photo.id, cluster: clusterView(jobId, fresh, inGroup) };
  }

  private stageContext(jobId: string): StageContext {
    const noJob = { job: null as never, payload: {}, signal: new AbortController().signal, progress: async () => {}, cancelled: async () => false };
    return {
      config: this.d.config, limits: this.d.limits, repo: this.repo, folders: this.folders, jobId,
      progress: new ProgressReporter(noJob, jobId, {}),
      stop: async () => false,
      warn: (m) => this.d.log.warn({ module: 'bulk', job_id: jobId }, m),
    };
  }
}
