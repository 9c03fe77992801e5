// PATCH /bulk/clusters/{id}: the seller's fixes, stored in one transaction, then the touched groups measured again
// (cover, category, colour; what the seller set by hand is kept). The plan is made from the edited groups.
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import { badRequest, notFound } from '../../platform/errors.ts';
import { nowIso } from '../../platform/time.ts';
import { findColour, resolveCategory } from '@vintedbot/catalog';
import type { PhotoLimits } from '../photos/index.ts';
import type { BulkFolders } from './bulk-folders.ts';
import type { BulkRepository } from './bulk.repository.ts';
import { type BulkStatusService, clusterView, listingEdits } from './bulk-status.service.ts';
import type { BulkClustersTable, BulkPhotosTable } from './bulk.tables.ts';
import { applyClusterEdit, type ClusterEdit, clusterNamer } from './cluster-edits.ts';
import { holdLabelReader } from './analysis/vision-adapter.ts';
import { categoriseCluster } from './pipeline/group-stages.ts';
import { ProgressReporter, type StageContext } from './pipeline/pipeline-context.ts';

export interface ClusterPatch extends ClusterEdit {
  job_id: string;
  category?: string;
  color?: string;
  color_secondary?: string | null;
  brand?: string | null;
  size?: string | null;
  /** The board's listing fields, saved as the seller types (details.listing); they change nothing of the grouping. */
  title?: string | null;
  price?: number | null;
  publish?: boolean | null;
}

export class BulkClustersService {
  constructor(
    private readonly d: { config: Config; log: Logger; limits: PhotoLimits },
    private readonly repo: BulkRepository,
    private readonly folders: BulkFolders,
    private readonly status: BulkStatusService,
  ) {}

  async patch(clusterId: string, fullBody: ClusterPatch) {
    const { title, price, publish, ...body } = fullBody;
    const jobId = body.job_id;
    await this.status.completedJob(jobId);
    const fields = this.fieldFixes(body);
    if (title !== undefined || price !== undefined || publish !== undefined) {
      await this.saveListingEdits(jobId, clusterId, { title, price, publish });
      // Only the board's listing fields: the grouping is untouched, nothing to measure or log.
      if (Object.keys(body).length === 1) return this.views(jobId, [clusterId], []);
    }
    const [clusters, members] = await Promise.all([this.repo.clusters(jobId), this.repo.clusteredPhotos(jobId)]);
    const photosOf = (id: string) => members.filter((p) => p.cluster_id === id).sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
    const outcome = applyClusterEdit(
      clusters.map((c) => ({ id: c.id, photoIds: photosOf(c.id).map((p) => p.id), cover: c.cover_photo_id })),
      clusterId, body, clusterNamer(clusters.map((c) => c.id)),
    );
    const at = nowIso();
    const rowOf = new Map(clusters.map((c) => [c.id, c]));
    const changed = new Set([...outcome.touched, ...outcome.created]);
    if (Object.keys(fields.patch).length) changed.add(clusterId);
    await this.repo.transaction(async (t) => {
      await this.repo.deleteClusters(jobId, outcome.removed, t);
      let position = clusters.reduce((m, c) => Math.max(m, c.position), -1);
      for (const id of outcome.created) {
        const row: BulkClustersTable = {
          job_id: jobId, id, position: ++position, cover_photo_id: null, category: null, category_score: null, color: null, color_secondary: null,
          brand: null, size: null, cohesion: null, few_photos: 0, categorised: 0, edited: 1, details: '{}', item_id: null, created_at: at, updated_at: at,
        };
        await this.repo.insertClusters([row], t);
        rowOf.set(id, row);
      }
      for (const c of outcome.clusters) {
        if (!changed.has(c.id)) continue;
        for (let k = 0; k < c.photoIds.length; k++) await this.repo.setMembership(jobId, c.photoIds[k], c.id, k, t);
        const details = JSON.parse(rowOf.get(c.id)!.details) as { manual?: Record<string, boolean> };
        const manual = { ...details.manual, ...fields.manual, ...(body.cover_photo_id && c.id === clusterId ? { cover: true } : {}) };
        await this.repo.updateCluster(jobId, c.id, {
          edited: 1, few_photos: c.photoIds.length < 3 ? 1 : 0, cover_photo_id: c.cover,
          ...(c.id === clusterId ? fields.patch : {}), details: JSON.stringify({ ...details, ...(c.id === clusterId ? { manual } : {}) }),
        }, t);
      }
      const fieldLog = Object.keys(fields.patch).length
        ? [{ stage: 'edited', rule: 'edit_fields', cluster_id: clusterId, photo_ids: [], message: `Seller set ${Object.entries(fields.patch).map(([k, v]) => `${k} = ${v ?? 'none'}`).join(', ')} on ${clusterId}.`, evidence: fields.patch }]
        : [];
      await this.repo.log(jobId, [...outcome.log.map((l) => ({ ...l, stage: 'edited' })), ...fieldLog], t);
    });
    // Groups whose photos changed are measured again (cover, category, colour), outside the transaction.
    const regrouped = [...outcome.touched, ...outcome.created];
    if (regrouped.length) {
      const fresh = await this.repo.clusteredPhotos(jobId);
      const s = this.stageContext(jobId);
      const releaseOcr = holdLabelReader();
      try {
        for (const id of regrouped) {
          const row = await this.repo.cluster(jobId, id);
          if (row) await categoriseCluster(s, row, fresh.filter((p) => p.cluster_id === id).sort((a, b) => (a.position ?? 0) - (b.position ?? 0)));
        }
      } finally {
        await releaseOcr();
      }
    }
    return this.views(jobId, [...changed].filter((id) => !outcome.removed.includes(id)), outcome.removed);
  }

  private async saveListingEdits(jobId: string, clusterId: string, edits: Pick<ClusterPatch, 'title' | 'price' | 'publish'>) {
    const row = await this.repo.cluster(jobId, clusterId);
    if (!row) throw notFound('cluster_not_found', `No group ${clusterId} in this job`);
    const details = JSON.parse(row.details) as Record<string, unknown>;
    const listing = { ...listingEdits(row.details) };
    if (edits.title !== undefined) listing.title = edits.title?.trim() || null;
    if (edits.price !== undefined) listing.price = edits.price;
    if (edits.publish !== undefined) listing.publish = edits.publish;
    await this.repo.updateCluster(jobId, clusterId, { details: JSON.stringify({ ...details, listing }), updated_at: nowIso() });
  }

  private async views(jobId: string, ids: string[], removed: string[]) {
    const [clusters, members] = await Promise.all([this.repo.clusters(jobId), this.repo.clusteredPhotos(jobId)]);
    const byCluster = new Map<string, BulkPhotosTable[]>();
    for (const p of [...members].sort((a, b) => (a.position ?? 0) - (b.position ?? 0))) byCluster.set(p.cluster_id!, [...(byCluster.get(p.cluster_id!) ?? []), p]);
    return {
      ok: true as const, job_id: jobId,
      clusters: clusters.filter((c) => ids.includes(c.id)).map((c) => clusterView(jobId, c, byCluster.get(c.id) ?? [])),
      removed,
    };
  }

  /** Category, colour, brand and size fixes, checked against the catalogue vocabulary. */
  private fieldFixes(body: ClusterPatch): { patch: Partial<BulkClustersTable>; manual: Record<string, boolean> } {
    const patch: Partial<BulkClustersTable> = {};
    const manual: Record<string, boolean> = {};
    if (body.category !== undefined) {
      const cat = resolveCategory(body.category);
      if (!cat) throw badRequest('unknown_category', `Unknown category "${body.category}"`, { value: body.category });
      patch.category = cat.key;
      patch.category_score = 1;
      manual.category = true;
    }
    if (body.color !== undefined) {
      const col = findColour(body.color);
      if (!col) throw badRequest('unknown_colour', `Unknown colour "${body.color}" (use a Vinted colour name)`, { value: body.color });
      patch.color = col.key;
      manual.color = true;
    }
    if (body.color_secondary !== undefined) {
      const col = body.color_secondary === null ? null : findColour(body.color_secondary);
      if (body.color_secondary !== null && !col) throw badRequest('unknown_colour', `Unknown colour "${body.color_secondary}"`, { value: body.color_secondary });
      patch.color_secondary = col?.key ?? null;
      manual.color = true;
    }
    if (body.brand !== undefined) { patch.brand = body.brand; manual.brand = true; }
    if (body.size !== undefined) { patch.size = body.size; manual.size = true; }
    return { patch, manual };
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
