import type { Logger } from 'pino';
import type { PlatformMetrics } from '../../platform/metrics/metrics.ts';
import type { LearnedPrices } from '../pricing/index.ts';
import type { AnalysisProvider, AnalysisRequest, MemoryDecision, ProviderName, ProviderResult, TokenUsage } from './analysis-provider.ts';
import type { AnalysisSettings } from './analysis-settings.ts';
import { mergeFacts } from './facts-merge.ts';
import type { GarmentReading } from './garment-reading.ts';
import { LlmFailure, LlmProvider } from './llm/llm-provider.ts';
import type { SellerMemoryService } from './memory/seller-memory.service.ts';
import { OfflineProvider } from './offline-provider.ts';
import type { ListingFacts } from './writer/listing-facts.ts';

/** How the analysis went, as the ingest answer shows it (`analysis {provider, model, fallback_reason, ms}`). */
export interface AnalysisInfo {
  provider: ProviderName;
  model: string | null;
  /** Why the configured LLM was not used (null when it answered, or when offline is the configured provider). */
  fallback_reason: string | null;
  ms: number;
  /** Tokens spent on the LLM, failed attempts included (null offline). */
  usage: TokenUsage | null;
  /** The offline classifier's three likeliest categories, for the seller to pick from when it was unsure. */
  category_candidates: { category: string; score: number }[];
  /** Fields the seller's memory decided (absent in previews signed before it existed). */
  decisions?: MemoryDecision[];
}

export interface AnalysisOutcome {
  facts: ListingFacts;
  reading: GarmentReading;
  sources: Record<string, string>;
  analysis: AnalysisInfo;
}

/** Counts one LLM analysis against the current owner's allowance, or throws (402) and counts nothing. */
export interface LlmQuota {
  spend(): Promise<void>;
  /** Refuses (402) when no analysis is left, spending nothing. */
  check(): Promise<void>;
}

export class AnalysisService {
  readonly offline: OfflineProvider;
  readonly llm: AnalysisProvider | null;

  constructor(
    readonly settings: AnalysisSettings,
    private readonly log: Logger,
    /** The platform's /metrics families: time per photo by provider, LLM tokens and cost. */
    private readonly metrics?: Pick<PlatformMetrics, 'analysisDuration' | 'llmTokens' | 'llmCost'>,
    /** The seller's confirmed items, which the offline analyser consults (memory/seller-memory.service.ts). */
    memory?: SellerMemoryService,
    /** The price model learned from the seller's sales (pricing), when it beat the price table. */
    private readonly prices?: { current(): LearnedPrices | null },
  ) {
    this.offline = new OfflineProvider(log, memory);
    this.llm = settings.llm ? new LlmProvider(settings.llm) : null;
  }
  private llmQuota: LlmQuota | null = null;
  /** The quotas register here (modules/quotas, accounts mode): each LLM call spends the owner's monthly allowance. */
  useLlmQuota(quota: LlmQuota): void {
    this.llmQuota = quota;
  }

  /** Refuses (402) when an LLM is configured and the owner has no analysis left: callers ask before storing anything. */
  async checkLlmQuota(): Promise<void> {
    if (this.llm) await this.llmQuota?.check();
  }

  /** The seller's learned price model for suggestions, or null: the price table (PRICE_RULES_JSON). */
  learnedPrices(): LearnedPrices | null {
    return this.prices?.current() ?? null;
  }


  /** The configured provider's reading merged with the seller's hints; any LLM failure falls back to offline. */
  async analyse(req: AnalysisRequest): Promise<AnalysisOutcome> {
    const t0 = performance.now();
    let result: ProviderResult | null = null;
    let fallback: string | null = null;
    let usage: TokenUsage | null = null;
    if (this.llm) {
      // The owner's monthly LLM analyses (modules/quotas): counted as the call is made (it costs whether or not the
      // reply is usable); past the limit the request is refused (402), not silently read offline.
      await this.llmQuota?.spend();
      try {
        result = await this.llm.read(req);
        usage = result.usage;
      } catch (e) {
        const why = e instanceof LlmFailure ? e.message : `the model client failed (${(e as Error)?.name ?? 'Error'})`;
        fallback = `${this.llm.name} ${this.llm.model}: ${why}`;
        usage = e instanceof LlmFailure ? e.usage : null;
        // The reason only: an SDK error object carries the request body (photos) and headers.
        this.log.warn({ provider: this.llm.name, model: this.llm.model, reason: fallback }, 'LLM analysis failed, falling back to offline');
      }
    }
    const provider = result ? this.llm! : this.offline;
    if (!result) result = await this.offline.read(req);
    this.record(provider.name, performance.now() - t0, req.photos.length, usage);
    return {
      facts: mergeFacts(result.reading, req.hints, req.language, req.photos.map((p) => p.filename)),
      reading: result.reading,
      sources: { ...result.sources, ...hintSources(req.hints) },
      analysis: {
        provider: provider.name,
        model: provider.model,
        fallback_reason: fallback,
        ms: Math.round(performance.now() - t0),
        usage,
        category_candidates: result.category_candidates ?? [],
        decisions: result.decisions ?? [],
      },
    };
  }

  private record(provider: string, ms: number, photos: number, usage: TokenUsage | null) {
    const m = this.metrics;
    if (!m) return;
    m.analysisDuration.observe({ provider }, ms / 1000 / Math.max(1, photos));
    if (!usage || !this.llm) return;
    // Tokens are the LLM's even when its answer was unusable and offline wrote the listing.
    const llm = this.llm.name;
    if (usage.input_tokens) m.llmTokens.inc({ provider: llm, direction: 'input' }, usage.input_tokens);
    if (usage.output_tokens) m.llmTokens.inc({ provider: llm, direction: 'output' }, usage.output_tokens);
    if (usage.cost_usd) m.llmCost.inc({ provider: llm }, usage.cost_usd);
  }
}

/** Fields the seller gave: they win over any reading, and the answer says so. */
function hintSources(h: AnalysisRequest['hints']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ['brand', 'size', 'category', 'condition', 'gender'] as const) if (h[k]) out[k] = 'hint';
  return out;
}
