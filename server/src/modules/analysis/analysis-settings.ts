import { z } from 'zod';
import { parsePriceRules, type PriceRules } from '../pricing/price-rules.ts';

// The analyser's settings, from the environment (README configuration table). Read through one zod schema
// like the rest of the config; values the server's own config schema parsed win when it declares these keys.
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(blankToUndefined, z.string().trim().optional());

const SettingsSchema = z.object({
  LLM_PROVIDER: z.preprocess(blankToUndefined, z.enum(['offline', 'openai', 'anthropic', 'openai-compatible']).default('offline')),
  LLM_MODEL: optionalString,
  LLM_BASE_URL: z.preprocess(blankToUndefined, z.string().url().refine((v) => /^https?:\/\//.test(v), 'must be an http(s) URL').optional()),
  OPENAI_API_KEY: optionalString,
  ANTHROPIC_API_KEY: optionalString,
  LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  LLM_RETRY_BASE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  LLM_IMAGE_MAX_SIDE: z.coerce.number().int().min(128).max(768).default(768),
  LLM_MAX_IMAGES: z.coerce.number().int().min(1).max(20).default(4),
  LLM_COST_INPUT_PER_MTOK: z.preprocess(blankToUndefined, z.coerce.number().min(0).optional()),
  LLM_COST_OUTPUT_PER_MTOK: z.preprocess(blankToUndefined, z.coerce.number().min(0).optional()),
  PRICE_RULES_JSON: optionalString,
  INGEST_PREVIEW_TTL_S: z.coerce.number().int().min(60).max(7 * 24 * 3600).default(24 * 3600),
});

export type LlmProviderName = 'openai' | 'anthropic' | 'openai-compatible';

export interface LlmSettings {
  provider: LlmProviderName;
  model: string;
  baseUrl: string | undefined;
  /** Never logged, never returned: only handed to the SDK. */
  apiKey: string | undefined;
  timeoutMs: number;
  maxRetries: number;
  retryBaseMs: number;
  imageMaxSide: number;
  maxImages: number;
  costPerMTok: { input: number; output: number } | null;
}

export interface AnalysisSettings {
  llm: LlmSettings | null;
  priceRules: PriceRules;
  previewTtlSeconds: number;
}

const DEFAULT_MODELS: Record<LlmProviderName, string> = {
  openai: 'gpt-4o-mini',
  anthropic: 'claude-haiku-4-5',
  'openai-compatible': 'gpt-4o-mini',
};

export class AnalysisSettingsError extends Error {}

export function analysisSettingsFrom(source: Record<string, unknown>): AnalysisSettings {
  const parsed = SettingsSchema.safeParse(source);
  if (!parsed.success) {
    // The message names the variable, never its value: a key pasted in the wrong variable must not reach a log.
    throw new AnalysisSettingsError(`Invalid analysis settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const v = parsed.data;
  let priceRules: PriceRules;
  try {
    priceRules = parsePriceRules(v.PRICE_RULES_JSON);
  } catch (e) {
    throw new AnalysisSettingsError((e as Error).message);
  }
  const base = { priceRules, previewTtlSeconds: v.INGEST_PREVIEW_TTL_S };
  if (v.LLM_PROVIDER === 'offline') return { ...base, llm: null };
  if (v.LLM_PROVIDER === 'openai-compatible' && !v.LLM_BASE_URL) {
    throw new AnalysisSettingsError('LLM_PROVIDER=openai-compatible needs LLM_BASE_URL (e.g. http://127.0.0.1:11434/v1 for Ollama)');
  }
  const cost = v.LLM_COST_INPUT_PER_MTOK !== undefined && v.LLM_COST_OUTPUT_PER_MTOK !== undefined
    ? { input: v.LLM_COST_INPUT_PER_MTOK, output: v.LLM_COST_OUTPUT_PER_MTOK }
    : null;
  return {
    ...base,
    llm: {
      provider: v.LLM_PROVIDER,
      model: v.LLM_MODEL ?? DEFAULT_MODELS[v.LLM_PROVIDER],
      baseUrl: v.LLM_BASE_URL,
      apiKey: v.LLM_PROVIDER === 'anthropic' ? v.ANTHROPIC_API_KEY : v.OPENAI_API_KEY,
      timeoutMs: v.LLM_TIMEOUT_MS,
      maxRetries: v.LLM_MAX_RETRIES,
      retryBaseMs: v.LLM_RETRY_BASE_MS,
      imageMaxSide: v.LLM_IMAGE_MAX_SIDE,
      maxImages: v.LLM_MAX_IMAGES,
      costPerMTok: cost,
    },
  };
}
