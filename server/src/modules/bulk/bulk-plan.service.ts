// POST /bulk/listings/plan: one planned listing per (edited) group, by the seed's templates or by the full analyser
// of single-photo ingest (mode "analysed": offline reader, or the LLM when configured). Plans are stored with a
// version per job, and the latest is also written to DATA_DIR/catalog.json and DATA_DIR/plan.json (atomically).
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config.ts';
import { badRequest, notFound } from '../../platform/errors.ts';
import { writeFileAtomic } from '../../platform/storage/atomic-file.ts';
import { newId, nowIso, UUID_RE } from '../../platform/time.ts';
import { renderDescription, type TemplatesService } from '../templates/index.ts';
import { type AnalysisService, composeListing } from '../analysis/index.ts';
import type { BulkFolders } from './bulk-folders.ts';
import type { BulkPhotoFiles } from './bulk-photo-files.ts';
import type { BulkRepository } from './bulk.repository.ts';
import { type BulkStatusService, clusterView, listingEdits } from './bulk-status.service.ts';
import type { BulkPhotosTable } from './bulk.tables.ts';
import { readSignals } from './pipeline/pipeline-context.ts';
import {
  itemFacts, MAX_PHOTOS, type PlanCluster, type PlanDefaults, type PlanItem, type PlanOverride, plannedSuggestion, planWarnings, templateItem, type TemplateSettings,
} from './plan-templates.ts';

export interface PlanRequest {
  job_id: string;
  defaults?: PlanDefaults;
  overrides?: Record<string, PlanOverride>;
  mode?: 'template' | 'analysed';
  city?: string;
  /** A saved description template (modules/templates) for the descriptions. */
  template_id?: string;
}

export interface StoredPlan { plan_id: string; job_id: string; version: number; mode: string; created_at: string; items: PlanItem[] }

export class BulkPlanService {
  constructor(
    private readonly d: { config: Config; analysis: AnalysisService; templates?: Pick<TemplatesService, 'planTemplate'> },
    private readonly repo: BulkRepository,
    private readonly folders: BulkFolders,
    private readonly files: BulkPhotoFiles,
    private readonly status: BulkStatusService,
  ) {}

  /** `planId` is given by the job itself for the plan POST /bulk/photos/analyze announced. */
  async create(req: PlanRequest, opts: { planId?: string; duringJob?: boolean } = {}): Promise<StoredPlan> {
    if (opts.duringJob) await this.status.job(req.job_id);
    else await this.status.completedJob(req.job_id);
    const [clusters, members] = await Promise.all([this.repo.clusters(req.job_id), this.repo.clusteredPhotos(req.job_id)]);
    const photosOf = new Map<string, BulkPhotosTable[]>();
    for (const p of [...members].sort((a, b) => (a.position ?? 0) - (b.position ?? 0))) photosOf.set(p.cluster_id!, [...(photosOf.get(p.cluster_id!) ?? []), p]);
    const overrides = req.overrides ?? {};
    const unknown = Object.keys(overrides).filter((id) => !clusters.some((c) => c.id === id));
    if (unknown.length) throw badRequest('unknown_cluster', `No group ${unknown.join(', ')} in this job`, { clusters: unknown });
    const defaults = req.defaults ?? {};
    const planClusters: PlanCluster[] = clusters.map((c) => {
      const photos = photosOf.get(c.id) ?? [];
      // The cover leads the listing.
      const ordered = c.cover_photo_id ? [...photos.filter((p) => p.id === c.cover_photo_id), ...photos.filter((p) => p.id !== c.cover_photo_id)] : photos;
      return {
        id: c.id, photo_ids: ordered.map((p) => p.id), category: c.category, category_score: c.category_score, color: c.color,
        color_secondary: c.color_secondary, brand: c.brand, size: c.size, few_photos: c.few_photos === 1, item_id: c.item_id,
        photo_qualities: ordered.flatMap((p) => (p.signals ? [readSignals(p).quality.score] : [])),
      };
    });
    const settings: TemplateSettings = {
      city: req.city ?? this.d.config.SELLER_CITY ?? null,
      priceRules: this.d.analysis.settings.priceRules,
      learnedPrices: this.d.analysis.learnedPrices(),
      defaultPrice: this.d.config.DEFAULT_PRICE,
      month: new Date().getMonth() + 1,
    };
    const mode = req.mode ?? 'template';
    const items: PlanItem[] = [];
    // The seller's description template (chosen, or the bulk one once edited) replaces the built-in text.
    const template = mode === 'template' ? await this.d.templates?.planTemplate(req.template_id) : null;
    // What the seller typed on the board (saved as typed) fills in what the request does not say.
    const typed = new Map(clusters.map((c) => [c.id, boardOverride(c.details)]));
    for (const c of planClusters) {
      const o = { ...typed.get(c.id), ...overrides[c.id] };
      const item = mode === 'analysed' ? await this.analysedItem(req.job_id, c, photosOf.get(c.id) ?? [], defaults, o, settings) : templateItem(c, defaults, o, settings);
      if (template && item.text_source === 'template') {
        item.description = renderDescription(template.body, { ...item, material: null }, { city: settings.city, signature: null }) || item.description;
      }
      items.push(item);
    }
    const row = await this.repo.insertPlan({
      id: opts.planId ?? newId(), job_id: req.job_id, mode, request: JSON.stringify({ defaults, overrides, mode, city: settings.city }), items: JSON.stringify(items), created_at: nowIso(),
    });
    const plan: StoredPlan = { plan_id: row.id, job_id: row.job_id, version: row.version, mode, created_at: row.created_at, items };
    await this.writeFiles(plan, clusters.map((c) => clusterView(req.job_id, c, photosOf.get(c.id) ?? [])));
    return plan;
  }

  async get(planId: string): Promise<StoredPlan> {
    const row = UUID_RE.test(planId) ? await this.repo.plan(planId) : null;
    if (!row) throw notFound('plan_not_found', `No plan with id ${planId.slice(0, 60)}`, { id: planId.slice(0, 60) });
    return {
      plan_id: row.id, job_id: row.job_id, version: row.version, mode: row.mode, created_at: row.created_at,
      // Fields later versions added read as "not known" on plans stored before them.
      items: (JSON.parse(row.items) as PlanItem[]).map((i) => ({ ...i, gender: i.gender ?? null, price_suggestion: i.price_suggestion ?? null, sale_score: i.sale_score ?? null })),
    };
  }

  /** The full analyser on the group's photos: its facts (hints from the group), then the ingest's writer and pricing. */
  private async analysedItem(jobId: string, c: PlanCluster, photos: BulkPhotosTable[], defaults: PlanDefaults, o: PlanOverride, settings: TemplateSettings): Promise<PlanItem> {
    const { analysis } = this.d;
    const f = itemFacts(c, defaults, o);
    const shots = photos.slice(0, MAX_PHOTOS);
    const inputs = [];
    for (const p of shots) {
      const sig = readSignals(p);
      const rgb = await fs.readFile(this.folders.analysis(jobId, p.id));
      inputs.push({
        id: p.id, filename: p.filename, decoded: { rgb, width: sig.decoded.width, height: sig.decoded.height },
        colours: f.colors.length ? { primary: f.colors[0], secondary: f.colors[1] ?? null } : null,
        quality: { score: sig.quality.score },
        previewPath: p.close_up === 1 ? await this.files.preview(jobId, p.id) : null,
      });
    }
    const outcome = await analysis.analyse({
      photos: inputs,
      hints: { brand: f.brand, size: f.size, category: f.category?.key ?? null, condition: f.condition, notes: null, gender: f.gender },
      language: 'fr',
    });
    const facts = { ...outcome.facts, colors: outcome.facts.colors.length ? outcome.facts.colors : f.colors };
    // The seller's price, else the analyser's suggestion (the same as single listings, PRICE_RULES_JSON included).
    const composed = composeListing({
      facts, tone: 'pro', language: 'fr', priceCents: o.price !== undefined ? Math.round(o.price * 100) : null, photoCount: shots.length,
      photoQualities: inputs.map((i) => i.quality.score), priceRules: settings.priceRules, month: settings.month,
      learnedPrices: settings.learnedPrices,
    });
    const title = o.title ?? composed.written.title;
    return {
      cluster_id: c.id, title, description: o.description ?? composed.written.description, price: composed.priceCents / 100,
      publish: o.publish ?? defaults.publish ?? false, warnings: planWarnings(c, f, title),
      category: facts.category, colors: facts.colors.slice(0, 2), condition: facts.condition ?? f.condition, brand: facts.brand, size: facts.size, gender: facts.gender,
      photo_ids: c.photo_ids.slice(0, MAX_PHOTOS), keywords: composed.written.keywords, hashtags: composed.written.hashtags, price_source: o.price !== undefined ? 'override' : 'analysed',
      price_suggestion: plannedSuggestion(composed.suggestion), sale_score: composed.score.score, sale_score_breakdown: composed.score.breakdown,
      text_source: o.title !== undefined || o.description !== undefined ? 'override' : 'analysed',
    };
  }

  /** catalog.json (the groups) and plan.json (the listings), each replaced whole: a reader never sees half a file. */
  private async writeFiles(plan: StoredPlan, clusters: unknown[]) {
    const dir = this.d.config.dataDir;
    await fs.mkdir(dir, { recursive: true });
    await writeFileAtomic(path.join(dir, 'catalog.json'), Buffer.from(JSON.stringify({ job_id: plan.job_id, generated_at: plan.created_at, clusters }, null, 2)));
    await writeFileAtomic(path.join(dir, 'plan.json'), Buffer.from(JSON.stringify(plan, null, 2)));
  }
}

/** The board's typed listing fields as a plan override, when they are valid for a listing (a title of 5+ characters, 1.00 € or more). */
function boardOverride(details: string): PlanOverride {
  const l = listingEdits(details);
  const o: PlanOverride = {};
  if (l.title && l.title.trim().length >= 5) o.title = l.title.trim().slice(0, 100);
  if (l.price !== null && l.price >= 1) o.price = Math.round(l.price * 100) / 100;
  if (l.publish !== null) o.publish = l.publish;
  return o;
}
