// POST /bulk/listings/execute: one draft per planned group, dry run by default. A real run stores the group's
// photos through the photos module and creates the draft through the listings service; a group already drafted
// (by this plan or an earlier one of the job) is not drafted twice. Groups planned with publish: true go through
// the Vinted connector's prepare and publish, one at a time under its pace; what the pace refuses now stays opted
// in for the publish queue. One group's failure never stops the others.
import type { Logger } from 'pino';
import { AppError } from '../../platform/errors.ts';
import type { EventBus } from '../../platform/events.ts';
import type { ListingsService } from '../listings/index.ts';
import type { PhotosService } from '../photos/index.ts';
import type { VintedConnector } from '../vinted/index.ts';
import type { BulkFolders } from './bulk-folders.ts';
import type { BulkPlanService } from './bulk-plan.service.ts';
import type { BulkRepository } from './bulk.repository.ts';
import type { PlanItem } from './plan-templates.ts';

export interface ExecuteRequest {
  plan_id: string;
  dry_run?: boolean;
  only?: string[];
  set_publish_true?: boolean;
  /** POST /bulk/generate: drafts only, whatever the plan says about publication. */
  noPublish?: boolean;
}

export interface StepReport { ok: boolean; skipped?: string; status?: number; [k: string]: unknown }
export interface ExecuteResult {
  cluster_id: string;
  ok: boolean;
  dry_run: boolean;
  item_id: string | null;
  /** True when the group had been drafted already: the existing draft is reported, no second one is made. */
  duplicate: boolean;
  draft: { title: string; price: number; photos: number; category: string | null; colors: string[] } | null;
  prepare: StepReport | null;
  publish: StepReport | null;
  error: { code: string; message: string } | null;
}

/** What a real run uses: the photos module stores the group's photos, listings makes the draft, vinted publishes. */
export interface ExecuteDeps {
  log: Logger;
  events: EventBus;
  listings: ListingsService;
  photos: Pick<PhotosService, 'ingestFiles'>;
  vinted: Pick<VintedConnector, 'publication'>;
}

export class BulkExecuteService {
  constructor(
    private readonly d: ExecuteDeps,
    private readonly repo: BulkRepository,
    private readonly folders: BulkFolders,
    private readonly plans: BulkPlanService,
  ) {}

  async execute(req: ExecuteRequest): Promise<{ ok: true; plan_id: string; dry_run: boolean; results: ExecuteResult[] }> {
    const plan = await this.plans.get(req.plan_id);
    const dryRun = req.dry_run ?? true;
    const only = req.only ? new Set(req.only) : null;
    if (only) {
      const unknown = [...only].filter((id) => !plan.items.some((i) => i.cluster_id === id));
      if (unknown.length) throw new AppError(400, 'unknown_cluster', `The plan has no group ${unknown.join(', ')}`, { clusters: unknown });
    }
    const results: ExecuteResult[] = [];
    for (const item of plan.items) {
      if (only && !only.has(item.cluster_id)) continue;
      const publish = req.noPublish ? false : req.set_publish_true ? true : item.publish;
      let r: ExecuteResult;
      try {
        r = dryRun ? this.dryRun(item, publish) : await this.realRun(plan.plan_id, plan.job_id, item, publish);
      } catch (e) {
        const err = e instanceof AppError && e.status < 500 ? { code: String(e.code), message: e.message } : { code: 'internal_error', message: 'This group could not be drafted' };
        if (!(e instanceof AppError) || e.status >= 500) this.d.log.error({ err: e, plan_id: plan.plan_id, cluster_id: item.cluster_id }, 'bulk execute failed for one group');
        r = { cluster_id: item.cluster_id, ok: false, dry_run: dryRun, item_id: null, duplicate: false, draft: null, prepare: null, publish: null, error: err };
      }
      await this.repo.saveResult({ plan_id: plan.plan_id, cluster_id: item.cluster_id, dry_run: dryRun ? 1 : 0, ok: r.ok ? 1 : 0, item_id: r.item_id, report: JSON.stringify(r) });
      results.push(r);
    }
    return { ok: true, plan_id: plan.plan_id, dry_run: dryRun, results };
  }

  private draftOf(item: PlanItem) {
    return { title: item.title, price: item.price, photos: item.photo_ids.length, category: item.category, colors: item.colors };
  }

  private dryRun(item: PlanItem, publish: boolean): ExecuteResult {
    const skipped = { ok: true, skipped: 'dry_run' };
    return {
      cluster_id: item.cluster_id, ok: true, dry_run: true, item_id: null, duplicate: false, draft: this.draftOf(item),
      prepare: publish ? skipped : null, publish: publish ? skipped : null, error: null,
    };
  }

  private async realRun(planId: string, jobId: string, item: PlanItem, publish: boolean): Promise<ExecuteResult> {
    const cluster = await this.repo.cluster(jobId, item.cluster_id);
    // The duplicate check: this group already became a draft (this plan run twice, or an earlier plan).
    const existing = cluster?.item_id ? await this.d.listings.find(cluster.item_id) : null;
    let itemId: string;
    let duplicate = false;
    if (existing) {
      itemId = existing.id;
      duplicate = true;
    } else {
      itemId = await this.createDraft(jobId, planId, item, publish);
    }
    const base: ExecuteResult = { cluster_id: item.cluster_id, ok: true, dry_run: false, item_id: itemId, duplicate, draft: this.draftOf(item), prepare: null, publish: null, error: null };
    if (!publish) return base;
    const steps = await this.publishItem(itemId, planId, item.cluster_id);
    const prepareFailed = steps.prepare.ok === false && steps.prepare.queued !== true;
    return { ...base, ...steps, ok: !prepareFailed && steps.publish?.ok !== false };
  }

  private async createDraft(jobId: string, planId: string, item: PlanItem, publish: boolean): Promise<string> {
    const photos = await Promise.all(item.photo_ids.map((id) => this.repo.photo(jobId, id)));
    const sources = photos.filter((p) => p !== null).map((p) => ({ filename: p!.filename, path: this.folders.resolve(jobId, p!.file) }));
    if (sources.length === 0) throw new AppError(409, 'no_photos', `Group ${item.cluster_id} has no photo left`);
    // The photos module decodes, stores by content and makes the preview the listing shows.
    const stored = await this.d.photos.ingestFiles(sources, { maxFiles: 20 });
    const byName = new Map(stored.map((s) => [s.filename, s.id]));
    const created = await this.d.listings.create({
      title: item.title, description: item.description, price: item.price, category: item.category, colors: item.colors,
      condition: item.condition, brand: item.brand, size: item.size, gender: item.gender ?? null, keywords: item.keywords ?? [], hashtags: item.hashtags ?? [], photos: [...new Set(stored.map((s) => s.id))], status: 'draft', publish_opt_in: publish,
    }, { extra: { bulk: { job_id: jobId, cluster_id: item.cluster_id, plan_id: planId } } });
    await this.repo.updateCluster(jobId, item.cluster_id, { item_id: created.id });
    for (const p of photos) if (p && byName.has(p.filename)) await this.repo.updatePhoto(p.id, { stock_photo_id: byName.get(p.filename)! });
    this.d.events.emit('draft.created', { item_id: created.id, title: created.title, target_price: created.price });
    return created.id;
  }

  /** Prepare then publish through the connector; its refusals become this group's report, never an exception. */
  private async publishItem(itemId: string, planId: string, clusterId: string): Promise<{ prepare: StepReport; publish: StepReport | null }> {
    const connector = this.d.vinted;
    try {
      const prepared = await connector.publication.prepare({ draft_id: itemId }, false, 'api');
      const prepare: StepReport = { ...omit(prepared.body, ['confirm_token', 'screenshot_b64']), ok: prepared.body.ok === true, status: prepared.status };
      const token = prepared.body.confirm_token;
      if (typeof token !== 'string') return { prepare, publish: null };
      const published = await connector.publication.publish({ confirm_token: token, dry_run: false, draft_id: itemId }, `bulk:${planId}:${clusterId}`, 'api');
      return { prepare, publish: { ...omit(published.body, ['confirm_token', 'screenshot_b64']), ok: published.body.ok === true, status: published.status } };
    } catch (e) {
      if (e instanceof AppError) {
        // The pace or the budget says "not now": the draft stays opted in and the publish queue takes it later.
        const later = e.status === 429;
        return { prepare: { ok: false, status: e.status, error: { code: e.code, message: e.message }, ...(later ? { queued: true, retry_after: e.headers?.['Retry-After'] ?? null } : {}) }, publish: null };
      }
      throw e;
    }
  }
}

/** The connector's answer without the token (a capability) and the screenshot (megabytes of PNG). */
function omit(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
}
