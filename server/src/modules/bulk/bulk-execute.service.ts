// POST /bulk/listings/execute: one local draft per planned group. `dry_run` (the default) means what the seeds call
// "brouillons uniquement": the drafts are created (once: executing the same plan twice, or a later plan of the job,
// reports the draft made before) and nothing is sent to Vinted. `dry_run: false` also takes the groups marked publish
// through the Vinted connector's prepare and publish, one at a time under its pace; what the pace refuses now stays
// opted in for the publish queue. Every draft goes through the stock's duplicate check like a single listing (flags,
// console line), with the price suggestion and sale score of its plan. One group's failure never stops the others.
import type { Logger } from 'pino';
import { AppError } from '../../platform/errors.ts';
import type { EventBus } from '../../platform/events.ts';
import { writeListing } from '../analysis/index.ts';
import type { DuplicatesService } from '../duplicates/index.ts';
import type { Item, ListingsService } from '../listings/index.ts';
import type { PhotosService } from '../photos/index.ts';
import type { VintedConnector } from '../vinted/index.ts';
import type { BulkFolders } from './bulk-folders.ts';
import { latestPlanId } from './bulk-latest.ts';
import type { BulkPlanService } from './bulk-plan.service.ts';
import type { BulkRepository } from './bulk.repository.ts';
import type { BulkStatusService } from './bulk-status.service.ts';
import { type PlanItem } from './plan-templates.ts';
import type { TemplatesService } from '../templates/index.ts';
import { type WriterStyle, writerFacts } from './writer-style.ts';
import { vectorFromBase64 } from './grouping/photo-signals.ts';
import { readSignals } from './pipeline/pipeline-context.ts';

export interface ExecuteRequest {
  /** Without it: the latest plan of the latest finished job. */
  plan_id?: string;
  dry_run?: boolean;
  only?: string[];
  set_publish_true?: boolean;
  /** POST /bulk/generate: drafts only, whatever the plan says about publication. */
  noPublish?: boolean;
  /** POST /bulk/generate's style: the plan's short template (minimal), or the writer in one of its tones. */
  style?: WriterStyle;
}

export interface StepReport { ok: boolean; skipped?: string; status?: number; [k: string]: unknown }
export interface ExecuteResult {
  cluster_id: string;
  ok: boolean;
  dry_run: boolean;
  item_id: string | null;
  /** The draft was made by this run. */
  created: boolean;
  /** True when the group had been drafted already: the existing draft is reported, no second one is made. */
  duplicate: boolean;
  /** The stock's duplicate check (photos or title) found the same article. */
  possible_duplicate: boolean;
  duplicate_of: { item_id: string; reason: string; score: number }[];
  ready: boolean | null;
  missing_fields: string[];
  draft: { title: string; price: number; photos: number; category: string | null; colors: string[] } | null;
  prepare: StepReport | null;
  publish: StepReport | null;
  error: { code: string; message: string } | null;
}

/** What a run uses: the photos module stores the group's photos, listings makes the draft, duplicates checks it, vinted publishes. */
export interface ExecuteDeps {
  log: Logger;
  events: EventBus;
  listings: ListingsService;
  photos: Pick<PhotosService, 'ingestFiles'>;
  duplicates: Pick<DuplicatesService, 'findMatches' | 'rememberEmbeddings'>;
  vinted: Pick<VintedConnector, 'publication'>;
  templates?: Pick<TemplatesService, 'signed'>;
}

export interface ExecuteAnswer { ok: true; plan_id: string; job_id: string; dry_run: boolean; plan_source: 'request' | 'latest'; results: ExecuteResult[] }

export class BulkExecuteService {
  constructor(
    private readonly d: ExecuteDeps,
    private readonly repo: BulkRepository,
    private readonly folders: BulkFolders,
    private readonly plans: BulkPlanService,
    private readonly status: BulkStatusService,
  ) {}

  async execute(req: ExecuteRequest): Promise<ExecuteAnswer> {
    const planId = req.plan_id ?? (await latestPlanId(this.repo, this.status)).planId;
    const plan = await this.plans.get(planId);
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
        r = await this.runGroup(plan.plan_id, plan.job_id, item, publish, dryRun, req.style);
      } catch (e) {
        const err = e instanceof AppError && e.status < 500 ? { code: String(e.code), message: e.message } : { code: 'internal_error', message: 'This group could not be drafted' };
        if (!(e instanceof AppError) || e.status >= 500) this.d.log.error({ err: e, plan_id: plan.plan_id, cluster_id: item.cluster_id }, 'bulk execute failed for one group');
        r = {
          cluster_id: item.cluster_id, ok: false, dry_run: dryRun, item_id: null, created: false, duplicate: false, possible_duplicate: false, duplicate_of: [],
          ready: null, missing_fields: [], draft: null, prepare: null, publish: null, error: err,
        };
      }
      await this.repo.saveResult({ plan_id: plan.plan_id, cluster_id: item.cluster_id, dry_run: dryRun ? 1 : 0, ok: r.ok ? 1 : 0, item_id: r.item_id, report: JSON.stringify(r) });
      results.push(r);
    }
    return { ok: true, plan_id: plan.plan_id, job_id: plan.job_id, dry_run: dryRun, plan_source: req.plan_id ? 'request' : 'latest', results };
  }

  private draftOf(item: PlanItem, title = item.title) {
    return { title, price: item.price, photos: item.photo_ids.length, category: item.category, colors: item.colors };
  }

  private async runGroup(planId: string, jobId: string, item: PlanItem, publish: boolean, dryRun: boolean, style: WriterStyle | undefined): Promise<ExecuteResult> {
    const cluster = await this.repo.cluster(jobId, item.cluster_id);
    // Drafted before (this plan run twice, or an earlier plan of the job): that draft is the answer, none is made.
    const existing = cluster?.item_id ? await this.d.listings.find(cluster.item_id) : null;
    const draft = existing ?? (await this.createDraft(jobId, planId, item, publish, style));
    const base: ExecuteResult = {
      cluster_id: item.cluster_id, ok: true, dry_run: dryRun, item_id: draft.id, created: !existing, duplicate: !!existing,
      possible_duplicate: draft.possible_duplicate, duplicate_of: draft.duplicate_of, ready: draft.flags.publish_ready, missing_fields: draft.flags.missing_fields,
      draft: this.draftOf(item, draft.title), prepare: null, publish: null, error: null,
    };
    if (!publish) return base;
    // Drafts only: the Vinted steps are reported as skipped.
    if (dryRun) return { ...base, prepare: { ok: true, skipped: 'dry_run' }, publish: { ok: true, skipped: 'dry_run' } };
    const steps = await this.publishItem(draft.id, planId, item.cluster_id);
    // "Not now" (queued for the publish queue) is no failure; any other refused step is.
    const failed = (step: StepReport | null) => step?.ok === false && step.queued !== true;
    return { ...base, ...steps, ok: !failed(steps.prepare) && !failed(steps.publish) };
  }

  private async createDraft(jobId: string, planId: string, item: PlanItem, publish: boolean, style: WriterStyle | undefined): Promise<Item> {
    const photos = await Promise.all(item.photo_ids.map((id) => this.repo.photo(jobId, id)));
    const sources = photos.filter((p) => p !== null).map((p) => ({ filename: p!.filename, path: this.folders.resolve(jobId, p!.file) }));
    if (sources.length === 0) throw new AppError(409, 'no_photos', `Group ${item.cluster_id} has no photo left`, { cluster_id: item.cluster_id });
    // The photos module decodes, stores by content and makes the preview the listing shows.
    const stored = await this.d.photos.ingestFiles(sources, { maxFiles: 20 });
    const byName = new Map(stored.map((s) => [s.filename, s.id]));
    const photoIds = [...new Set(stored.map((s) => s.id))];
    // The look-alike vectors the scan computed (whole photo, centre window), remembered for the stored photos before
    // the check, so a re-cropped copy of them sent later is caught (a photo the model could not read has none).
    await this.d.duplicates.rememberEmbeddings(photos.flatMap((p) => {
      const id = p && byName.get(p.filename);
      if (!p || !id || !p.embedding) return [];
      const centre = readSignals(p)?.centre;
      return [{ photo_id: id, embedding: vectorFromBase64(p.embedding), centre: centre ? vectorFromBase64(centre) : null }];
    }));
    // A tone other than the short template rewrites the text with the writer, unless the seller wrote it.
    const text = style && style !== 'minimal' && item.text_source !== 'override' && item.text_source !== 'analysed'
      ? writeListing(writerFacts(item), style, 'fr')
      : { title: item.title, description: item.description };
    // The shop signature, as on every generated description.
    if (this.d.templates) text.description = await this.d.templates.signed(text.description);
    // The stock's duplicate check, as for a single listing: the same photos (or near copies) or a close title.
    const matches = await this.d.duplicates.findMatches({ photoIds, title: text.title, brand: item.brand, size: item.size });
    const duplicateOf = matches.map(({ item_id, reason, score }) => ({ item_id, reason, score }));
    const s = item.price_suggestion;
    const created = await this.d.listings.create({
      title: text.title, description: text.description, price: item.price, category: item.category, colors: item.colors,
      condition: item.condition, brand: item.brand, size: item.size, gender: item.gender ?? null, keywords: item.keywords ?? [], hashtags: item.hashtags ?? [],
      photos: photoIds, status: 'draft', publish_opt_in: publish,
      ...(s ? { price_suggestion: { min: s.min, target: s.target, max: s.max, justification: s.justification } } : {}),
      ...(item.sale_score !== null && item.sale_score !== undefined ? { estimated_sale_score: item.sale_score } : {}),
    }, {
      possible_duplicate: matches.length > 0, duplicate_of: duplicateOf, by: 'bulk',
      ...(item.sale_score_breakdown !== undefined ? { sale_score_breakdown: item.sale_score_breakdown } : {}),
      extra: { bulk: { job_id: jobId, cluster_id: item.cluster_id, plan_id: planId, ...(style ? { style } : {}) } },
    });
    await this.repo.updateCluster(jobId, item.cluster_id, { item_id: created.id });
    for (const p of photos) if (p && byName.has(p.filename)) await this.repo.updatePhoto(p.id, { stock_photo_id: byName.get(p.filename)! });
    this.d.events.emit('draft.created', { item_id: created.id, title: created.title, target_price: s?.target ?? created.price });
    if (matches.length) this.d.events.emit('duplicate.detected', { item_id: created.id, title: created.title, matches: duplicateOf });
    return created;
  }

  /**
   * Prepare then publish through the connector; its refusals become this group's report, never an exception. A
   * refused step has the connector's own failure shape (`reason` code, `error` with code, message and details), so the
   * board reads one field whatever refused it; a refused publish is the publish step's, the prepare stays done.
   */
  private async publishItem(itemId: string, planId: string, clusterId: string): Promise<{ prepare: StepReport; publish: StepReport | null }> {
    const connector = this.d.vinted;
    let prepare: StepReport;
    let token: unknown;
    try {
      const prepared = await connector.publication.prepare({ draft_id: itemId }, false, 'api');
      prepare = { ...omit(prepared.body, ['confirm_token', 'screenshot_b64']), ok: prepared.body.ok === true, status: prepared.status };
      token = prepared.body.confirm_token;
    } catch (e) {
      return { prepare: this.refusal(e, itemId), publish: null };
    }
    if (typeof token !== 'string') return { prepare, publish: null };
    try {
      const published = await connector.publication.publish({ confirm_token: token, dry_run: false, draft_id: itemId }, `bulk:${planId}:${clusterId}`, 'api');
      return { prepare, publish: { ...omit(published.body, ['confirm_token', 'screenshot_b64']), ok: published.body.ok === true, status: published.status } };
    } catch (e) {
      return { prepare, publish: this.refusal(e, itemId) };
    }
  }

  /**
   * A connector step that threw, as a step report: the draft exists whatever happened at Vinted, so even an
   * unexpected failure stays this step's (logged, masked as internal_error), never the group's "draft failed".
   * The pace or the budget ("not now", 429) leaves the draft opted in for the publish queue.
   */
  private refusal(e: unknown, itemId: string): StepReport {
    if (!(e instanceof AppError) || e.status >= 500) {
      this.d.log.error({ err: e, item_id: itemId }, 'bulk execute: a Vinted step failed');
      const code = e instanceof AppError ? String(e.code) : 'internal_error';
      return { ok: false, status: e instanceof AppError ? e.status : 500, reason: code, error: { code, message: 'The Vinted step failed' } };
    }
    const later = e.status === 429;
    return {
      ok: false, status: e.status, reason: e.code, error: { code: e.code, message: e.message, ...(e.details !== undefined ? { details: e.details } : {}) },
      ...(later ? { queued: true, retry_after: e.headers?.['Retry-After'] ?? null } : {}),
    };
  }
}

/** The connector's answer without the token (a capability) and the screenshot (megabytes of PNG). */
function omit(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
}
