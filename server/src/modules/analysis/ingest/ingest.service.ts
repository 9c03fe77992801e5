import type { Defect } from '@vintedbot/catalog';
import { boundDefect } from '../defects.ts';
import type { EventBus } from '../../../platform/events.ts';
import { toEuros } from '../../../platform/money.ts';
import type { SecretBox } from '../../../platform/security/secret-box.ts';
import { newId } from '../../../platform/time.ts';
import { type CreateItemInput, evaluateGates, type ListingsService, photoUrls } from '../../listings/index.ts';
import { centreWindow, type DuplicateMatch, type DuplicatesService } from '../../duplicates/index.ts';
import type { DecodedPhoto, IngestedPhoto, PhotosService, TempUpload } from '../../photos/index.ts';
import type { AnalysisService } from '../analysis.service.ts';
import { composeListing } from '../listing-composer.ts';
import { compositionText } from '@vintedbot/catalog';
import type { ComposedAnswer, Hints, IngestResult } from './ingest.schemas.ts';
import { emptyFacts } from '../writer/listing-facts.ts';
import { type PreviewClaims, signPreview, verifyPreview } from './preview-token.ts';

/** What the ingest uses of a photo the intake took in (stored, hashed, decoded once). */
export type IngestedPhotoLike = Pick<IngestedPhoto, 'id' | 'sha256' | 'phash' | 'colours' | 'quality' | 'filename' | 'decoded' | 'previewPath'>;

export interface IngestDeps {
  analysis: AnalysisService;
  listings: Pick<ListingsService, 'create' | 'checkItemQuota'>;
  photos: Pick<PhotosService, 'ingestUploads' | 'ingestUrls'>;
  events: EventBus;
  box: SecretBox;
  duplicates: Pick<DuplicatesService, 'findMatches' | 'rememberEmbeddings'>;
  /**
   * The garment embedding of a photo (vision's embedGarment: the backbone run the offline analysis already made,
   * memoised per decode), remembered for the duplicate check's look-alike stage. Without it (or when the vision
   * model is not installed) only the hash check sees the photos.
   */
  embed?: (photo: DecodedPhoto) => Promise<Float32Array>;
  /** The shop signature appended to a saved description (modules/templates), within Vinted's 2,000 characters. */
  signDescription?: (description: string) => Promise<string>;
  now?: () => Date;
}

/** What the seller changed on a preview (or in the form being composed). */
export type Edits = Partial<{
  title: string; description: string; brand: string | null; size: string | null; category: string | null;
  condition: PreviewClaims['facts']['condition']; gender: PreviewClaims['facts']['gender']; colors: string[]; price: number; tone: PreviewClaims['tone']; language: PreviewClaims['language'];
  keywords: string[]; hashtags: string[]; defects: Defect[];
}>;

/** Text and price the seller sees (and saves as is): each overrides what the writer and the suggestion would give. */
interface Shown { title?: string; description?: string; priceCents?: number | null; keywords?: string[]; hashtags?: string[] }

/** A match as the item keeps it and the event carries it: which item, why, how close, and which photo check found it. */
const duplicateRef = ({ item_id, reason, score, evidence }: DuplicateMatch) => ({ item_id, reason, score, ...(evidence.check ? { check: evidence.check } : {}) });

const FACT_EDITS = ['brand', 'size', 'category', 'condition', 'gender', 'colors'] as const;

/** A compose without a preview has no analysis behind it. */
const NO_ANALYSIS: PreviewClaims['analysis'] = {
  provider: 'offline', model: null, fallback_reason: null, ms: 0, usage: null, category_candidates: [], sources: {},
};

/**
 * Photos in, a listing out: analysis (LLM or offline), writing, pricing, sale score, gates, duplicates; then
 * either a saved draft (with its console line and events) or a signed preview the seller can save later.
 */
export class IngestService {
  constructor(private readonly d: IngestDeps) {}

  private now() {
    return this.d.now?.() ?? new Date();
  }

  /** Photos received as files (streamed to disk by the multipart helper) in, the listing out. */
  async fromUploads(uploads: TempUpload[], hints: Hints, save: boolean): Promise<IngestResult> {
    await this.checkQuotas(save);
    return this.ingest(await this.d.photos.ingestUploads(uploads), hints, save);
  }

  /** Photo URLs in (fetched by the photo intake), the listing out. */
  async fromUrls(urls: string[], hints: Hints, save: boolean): Promise<IngestResult> {
    await this.checkQuotas(save);
    return this.ingest(await this.d.photos.ingestUrls(urls), hints, save);
  }

  /** Photos already taken in, the listing out: saved as a draft, or previewed with a signed token when `save` is false. */
  /** Out of LLM analyses, or of listings when the draft is saved (quotas): refused before any photo is stored. */
  private async checkQuotas(save: boolean): Promise<void> {
    await this.d.analysis.checkLlmQuota();
    if (save) await this.d.listings.checkItemQuota(1);
  }

  async ingest(photos: IngestedPhotoLike[], hints: Hints, save: boolean): Promise<IngestResult> {
    const language = hints.language ?? 'fr';
    const outcome = await this.d.analysis.analyse({
      photos: photos.map((p) => ({ id: p.id, filename: p.filename, decoded: p.decoded, colours: p.colours, quality: p.quality, previewPath: p.previewPath })),
      hints: { brand: hints.brand ?? null, size: hints.size ?? null, category: hints.category ?? null, condition: hints.condition ?? null, notes: hints.notes ?? null, gender: hints.gender ?? null, defects: hints.defects?.map((d) => boundDefect(d, photos.length)) },
      language,
    });
    const claims: PreviewClaims = {
      v: 1,
      id: newId(),
      exp: this.now().getTime() + this.d.analysis.settings.previewTtlSeconds * 1000,
      // A photo number past the photos sent is the model's slip: the defect stays, without a photo.
      facts: { ...outcome.facts, defect_items: (outcome.facts.defect_items ?? []).map((d) => boundDefect(d, photos.length)) },
      tone: hints.tone ?? 'pro',
      language,
      price_cents: hints.price !== undefined ? Math.round(hints.price * 100) : null,
      photos: photos.map((p) => ({ id: p.id, sha256: p.sha256, phash: p.phash, quality: p.quality?.score ?? null })),
      analysis: { ...outcome.analysis, sources: outcome.sources },
    };
    await this.rememberLookalikes(photos);
    if (save) return this.persist(claims, {});
    const composed = this.compose(claims, {});
    return this.answer(claims, composed, null, await this.matches(claims, composed.written.title));
  }

  /**
   * Saves a previewed listing exactly as the seller sees it: the title, description, price, keywords and hashtags
   * sent are stored as they are, and a field not sent keeps the value the preview showed. Changed facts (brand,
   * size, condition…) are stored and re-price the suggestion, but never rewrite the text or the price behind the
   * seller's back: POST /ingest/compose is how the form shows the re-composed text before saving.
   */
  async saveDraft(token: string, edits: Edits = {}): Promise<IngestResult> {
    const claims = verifyPreview(this.d.box, token, this.now().getTime());
    const previewed = this.compose(claims, {});
    const p = previewed.written;
    return this.persist(this.withEdits(claims, edits), {
      title: edits.title ?? p.title,
      description: edits.description ?? p.description,
      priceCents: edits.price !== undefined ? Math.round(edits.price * 100) : previewed.priceCents,
      keywords: edits.keywords ?? p.keywords,
      hashtags: edits.hashtags ?? p.hashtags,
    });
  }

  /**
   * The listing re-composed from the facts as the seller edits them (a preview's, or only the fields sent): title,
   * description, keywords, hashtags, suggested price, sale score and checklist. Nothing is saved, so the form can
   * call it as the seller types. A title, description, price, keywords or hashtags sent are kept and checked as they are.
   */
  recompose(req: { preview_token?: string; edits?: Edits; photo_count?: number }): ComposedAnswer {
    const base: PreviewClaims = req.preview_token
      ? verifyPreview(this.d.box, req.preview_token, this.now().getTime())
      : { v: 1, id: '', exp: 0, facts: emptyFacts(), tone: 'pro', language: 'fr', price_cents: null, photos: [], analysis: NO_ANALYSIS };
    const edits = req.edits ?? {};
    const c = this.withEdits(base, edits);
    const photoCount = req.preview_token ? c.photos.length : (req.photo_count ?? 0);
    const composed = this.compose(c, { title: edits.title, description: edits.description, keywords: edits.keywords, hashtags: edits.hashtags }, photoCount);
    const w = composed.written;
    const s = composed.suggestion;
    return {
      defects: c.facts.defect_items ?? [], defects_note: composed.defects_note,
      title: w.title, description: w.description, keywords: w.keywords, hashtags: w.hashtags,
      brand: c.facts.brand, category_guess: c.facts.category, size_guess: c.facts.size, condition: composed.facts.condition, gender: c.facts.gender ?? null,
      colors: c.facts.colors, price: toEuros(composed.priceCents),
      price_suggestion: { min: toEuros(s.min_cents), max: toEuros(s.max_cents), target: toEuros(s.target_cents), justification: s.justification },
      estimated_sale_score: composed.score.score, sale_score_breakdown: composed.score.breakdown, flags: composed.flags, tone: c.tone, language: c.language,
    };
  }

  /** The claims with the seller's changes laid over them (facts, tone, language, price). */
  private withEdits(claims: PreviewClaims, edits: Edits): PreviewClaims {
    const facts = { ...claims.facts };
    for (const k of FACT_EDITS) if (edits[k] !== undefined) (facts as Record<string, unknown>)[k] = edits[k];
    if (edits.defects !== undefined) facts.defect_items = edits.defects.map((d) => boundDefect(d, claims.photos.length || 20));
    return {
      ...claims, facts,
      tone: edits.tone ?? claims.tone,
      language: edits.language ?? claims.language,
      price_cents: edits.price !== undefined ? Math.round(edits.price * 100) : claims.price_cents,
    };
  }

  /** Writes, prices and scores the listing; what the seller set (`shown`) wins, and the checklist checks what is shown. */
  private compose(c: PreviewClaims, shown: Shown, photoCount = c.photos.length) {
    const composed = composeListing({
      facts: c.facts, tone: c.tone, language: c.language, priceCents: shown.priceCents ?? c.price_cents, photoCount,
      photoQualities: c.photos.map((p) => p.quality).filter((q): q is number => q !== null),
      priceRules: this.d.analysis.settings.priceRules, month: this.now().getMonth() + 1, learnedPrices: this.d.analysis.learnedPrices(),
    });
    const w = composed.written;
    composed.written = {
      ...w, title: shown.title ?? w.title, description: shown.description ?? w.description,
      keywords: shown.keywords ?? w.keywords, hashtags: shown.hashtags ?? w.hashtags,
    };
    const f = composed.facts;
    composed.flags = evaluateGates({
      title: composed.written.title, description: composed.written.description, hashtags: composed.written.hashtags, brand: f.brand, size: f.size,
      condition: f.condition, category: f.category, price_cents: composed.priceCents, photo_count: photoCount,
    });
    return composed;
  }

  /**
   * Stores the photos' garment embeddings for the look-alike check, before the check runs (this article's own photos
   * are left out of its answer, later articles are compared with them). A photo the model cannot read (the vision
   * model missing: onnxruntime-node is optional) only stays out of the look-alike stage: the listing is made anyway.
   */
  private async rememberLookalikes(photos: IngestedPhotoLike[]): Promise<void> {
    const embed = this.d.embed;
    if (!embed) return;
    const rows = await Promise.all(photos.map(async (p) => {
      const embedding = await embed(p.decoded).catch(() => null);
      // The centre window is what a later re-cropped copy of this photo shows (duplicates' lookalike-match.ts).
      const centre = embedding && (await embed(centreWindow(p.decoded)).catch(() => null));
      return embedding ? [{ photo_id: p.id, embedding, centre }] : [];
    }));
    await this.d.duplicates.rememberEmbeddings(rows.flat());
  }

  /** Items already in stock that look like this one: the same or a similar photo, or a close title with compatible brand and size. */
  private matches(c: PreviewClaims, title: string): Promise<DuplicateMatch[]> {
    return this.d.duplicates.findMatches({ photoIds: c.photos.map((p) => p.id), title, brand: c.facts.brand, size: c.facts.size });
  }

  private async persist(c: PreviewClaims, shown: Shown): Promise<IngestResult> {
    const composed = this.compose(c, shown);
    const w = composed.written;
    // Saved with the shop signature, and answered as saved.
    if (this.d.signDescription) w.description = await this.d.signDescription(w.description);
    const matches = await this.matches(c, w.title);
    const s = composed.suggestion;
    const input: CreateItemInput = {
      id: c.id,
      title: w.title,
      description: w.description,
      brand: c.facts.brand,
      category: c.facts.category,
      size: c.facts.size,
      condition: composed.facts.condition,
      gender: c.facts.gender ?? null,
      colors: c.facts.colors,
      material: compositionText(c.facts.fibres, c.language),
      keywords: w.keywords,
      hashtags: w.hashtags,
      price: toEuros(composed.priceCents),
      price_suggestion: { min: toEuros(s.min_cents), target: toEuros(s.target_cents), max: toEuros(s.max_cents), justification: s.justification },
      estimated_sale_score: composed.score.score,
      photos: c.photos.map((p) => p.id),
    };
    const item = await this.d.listings.create(input, {
      possible_duplicate: matches.length > 0,
      duplicate_of: matches.map(duplicateRef),
      sale_score_breakdown: composed.score.breakdown, by: 'ingest',
      extra: { analysis: c.analysis, facts: c.facts, tone: c.tone, language: c.language, price_factors: s.factors },
    });
    this.d.events.emit('draft.created', { item_id: item.id, title: item.title, target_price: toEuros(s.target_cents) });
    if (matches.length) {
      this.d.events.emit('duplicate.detected', { item_id: item.id, title: item.title, matches: matches.map(duplicateRef) });
    }
    return this.answer(c, composed, item.id, matches, item.flags);
  }

  private answer(c: PreviewClaims, composed: ReturnType<IngestService['compose']>, itemId: string | null, matches: DuplicateMatch[], savedFlags?: IngestResult['flags']): IngestResult {
    const w = composed.written;
    const s = composed.suggestion;
    const preview = itemId === null;
    return {
      item_id: itemId,
      defects: c.facts.defect_items ?? [],
      defects_note: composed.defects_note,
      saved: !preview,
      preview_token: preview ? signPreview(this.d.box, c) : null,
      preview_expires_at: preview ? new Date(c.exp).toISOString() : null,
      title: w.title,
      description: w.description,
      brand: c.facts.brand,
      category_guess: c.facts.category,
      condition: composed.facts.condition,
      gender: c.facts.gender ?? null,
      size_guess: c.facts.size,
      color: c.facts.colors[0] ?? null,
      colors: c.facts.colors,
      material: compositionText(c.facts.fibres, c.language),
      keywords: w.keywords,
      hashtags: w.hashtags,
      price: toEuros(composed.priceCents),
      price_suggestion: { min: toEuros(s.min_cents), max: toEuros(s.max_cents), target: toEuros(s.target_cents), justification: s.justification },
      estimated_sale_score: composed.score.score,
      sale_score_breakdown: composed.score.breakdown,
      flags: savedFlags ?? composed.flags,
      possible_duplicate: matches.length > 0,
      duplicate_of: matches.map((m) => ({ ...m, ...duplicateRef(m) })),
      photos: c.photos.map((p) => photoUrls(p.id)),
      tone: c.tone,
      language: c.language,
      analysis: c.analysis,
    };
  }
}
