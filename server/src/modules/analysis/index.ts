// Listing analysis: photos in, a listing out. Reads the garment (offline vision, or an LLM with offline as fallback),
// writes title, description, keywords and hashtags, prices it, scores it, checks duplicates, then saves a draft or
// signs a preview. Owns `seller_memory` only (drafts are saved through listings). Needs `listings`, `duplicates` and `photos`;
// provides `analysis` (AnalysisService: the reading, for bulk's LLM mode) and `ingest` (IngestService: the whole
// flow, for the routes and the demo stock). Also the one category vote (single ingest and bulk groups), the
// listing writer's pieces and the vision models the bulk import reuses.
//
// Also `sellerMemory` (SellerMemoryService, issue 21): the seller's confirmed items, table seller_memory.
//
// Routes: POST /ingest/photos, POST /ingest/save-draft, POST /listings/{id}/variants, GET/DELETE /analysis/memory.
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.ts';
import { secretBoxFor } from '../../platform/security/secret-box.ts';
import { centreWindow, type DuplicatesService } from '../duplicates/index.ts';
import type { ListingsService } from '../listings/index.ts';
import { itemAppraiser } from './item-appraisal.ts';
import { defineModule } from '../../platform/modules/module.ts';
import type { PhotosService } from '../photos/index.ts';
import { analysisSettingsFrom } from './analysis-settings.ts';
import { AnalysisService } from './analysis.service.ts';
import { ingestRoutes } from './ingest/ingest.routes.ts';
import { IngestService } from './ingest/ingest.service.ts';
import { variantsRoutes } from './variants.routes.ts';
import { rememberConfirmations } from './memory/memory-events.ts';
import { memoryRoutes } from './memory/memory.routes.ts';
import { SellerMemoryRepository } from './memory/seller-memory.repository.ts';
import { SellerMemoryService } from './memory/seller-memory.service.ts';
import { sellerMemoryDb } from './memory/seller-memory.tables.ts';
import type { PriceModelService } from '../pricing/index.ts';
import type { TemplatesService } from '../templates/index.ts';
import { useClipModels } from './vision/clip/clip-zero-shot.ts';
import { embedGarment } from './vision/index.ts';
import { sellerMemoryOwnerData } from './memory/seller-memory-owner-data.repository.ts';
import { decodeForAnalysis } from './vision/decode-for-analysis.ts';

export type { AnalysisSettings } from './analysis-settings.ts';
export { type MemorySummary, SellerMemoryService } from './memory/seller-memory.service.ts';
export { type AnalysisOutcome, AnalysisService, type LlmQuota } from './analysis.service.ts';
export {
  CATEGORY_MIN_SCORE, CATEGORY_SURE_SCORE, type CategoryCandidate, type CategoryVote, describeVote, namedCategory,
  type PhotoClassScores, type SellerWords, voteCategory,
} from './category-vote.ts';
export type { Hints, IngestResult } from './ingest/ingest.schemas.ts';
export { IngestService } from './ingest/ingest.service.ts';
export { composeListing, type ComposedListing, type ComposeInput } from './listing-composer.ts';
export { emptyFacts, type ListingFacts } from './writer/listing-facts.ts';
export { buildHashtags, buildKeywords } from './writer/listing-keywords.ts';
// The seeds' short template (bulk plans, the "minimal" style) and the writer's tones, one writer for every path.
export { buildTemplateDescription, buildTemplateTitle } from './writer/listing-template.ts';
export { writeListing } from './writer/listing-writer.ts';
export { type SaleScore, saleScore } from './sale-score.ts';
export {
  type Backbone, backboneFeatures, openBackbone, toBackboneSize, VisionModelUnavailableError,
} from './vision/backbone/feature-extractor.ts';
export {
  classifyGarment, detectLabelCloseUp, embedGarment, embeddingOf, labelReaders, loadClassifier, parseLabelText, readLabelText, setLabelReaders, terminateLabelReader,
  type CategoryScore, type CompositionPart, type GarmentClassification, type LabelDetection, type LabelText, type ParsedLabel,
} from './vision/index.ts';

export const analysisModule = defineModule({
  name: 'analysis',
  needs: ['listings', 'duplicates', 'photos', 'templates', 'priceModel'],
  provides: ['analysis', 'ingest', 'sellerMemory'],
  create(platform: Platform, deps: { listings: ListingsService; duplicates: DuplicatesService; photos: PhotosService; templates: TemplatesService; priceModel: PriceModelService }) {
    platform.ownerData.register(sellerMemoryOwnerData());
    const { config, log } = platform;
    // Read once at start: a bad LLM_* or PRICE_RULES_JSON stops the server with the variable named.
    const settings = analysisSettingsFrom(config);
    useClipModels(settings.modelsDir);
    // The seller's confirmed items (issue 21): remembered on item events, consulted by the offline analyser.
    const sellerMemory = new SellerMemoryService({
      repo: new SellerMemoryRepository(sellerMemoryDb(platform.db)), listings: deps.listings, photos: deps.photos, log: log.child({ component: 'seller-memory' }),
    });
    const stopRemembering = rememberConfirmations(platform.events, sellerMemory);
    const analysis = new AnalysisService(settings, log.child({ component: 'analysis' }), platform.metrics, sellerMemory, deps.priceModel);
    // An edit to what an item was priced or scored on re-appraises it the intake's way (the price stays the seller's).
    deps.listings.appraiseWith(itemAppraiser(analysis));
    const ingest = new IngestService({
      analysis,
      listings: deps.listings,
      photos: deps.photos,
      duplicates: deps.duplicates,
      events: platform.events,
      signDescription: (d) => deps.templates.signed(d),
      embed: embedGarment,
      box: secretBoxFor({ SECRET_KEY: config.SECRET_KEY, dataDir: config.dataDir }),
    });
    // The look-alike duplicate check's vectors of stored photos that never went through the intake's decode (imports,
    // restores): the analyser's garment embedding of the stored preview, whole and centre window, as the intake makes them.
    deps.duplicates.useEmbedder(async (photoId) => {
      const file = await deps.photos.file(photoId, 'preview');
      const decoded = await decodeForAnalysis(file.path);
      const embedding = await embedGarment(decoded);
      return { embedding, centre: await embedGarment(centreWindow(decoded)).catch(() => null) };
    });
    if (settings.llm) log.info({ provider: settings.llm.provider, model: settings.llm.model, key_set: !!settings.llm.apiKey }, 'listing analysis uses an LLM, offline as fallback');
    return {
      services: { analysis, ingest, sellerMemory },
      async routes(app: FastifyInstance) {
        await ingestRoutes(app, { ingest, photos: deps.photos });
        variantsRoutes(app, deps.listings);
        memoryRoutes(app, sellerMemory);
      },
      async stop() {
        stopRemembering();
        await sellerMemory.settled();
      },
    };
  },
});
