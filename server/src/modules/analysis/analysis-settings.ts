import { type Config, ConfigError } from '../../config.ts';
import { parsePriceRules, type PriceRules } from '../pricing/index.ts';

// The analyser's settings, from the server's one configuration (config.ts parses and validates the variables).
export type AnalysisConfig = Pick<Config,
  | 'LLM_PROVIDER' | 'LLM_MODEL' | 'LLM_BASE_URL' | 'OPENAI_API_KEY' | 'ANTHROPIC_API_KEY' | 'LLM_TIMEOUT_MS' | 'LLM_MAX_RETRIES'
  | 'LLM_RETRY_BASE_MS' | 'LLM_IMAGE_MAX_SIDE' | 'LLM_MAX_IMAGES' | 'LLM_COST_INPUT_PER_MTOK' | 'LLM_COST_OUTPUT_PER_MTOK'
  | 'PRICE_RULES_JSON' | 'INGEST_PREVIEW_TTL_S' | 'MODELS_DIR'>;

export type LlmProviderName = 'openai' | 'anthropic' | 'openai-compatible' | 'ollama';

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
  /** MODELS_DIR: optional local models (CLIP), none when unset. */
  modelsDir: string | undefined;
}

const DEFAULT_MODELS: Record<LlmProviderName, string> = {
  openai: 'gpt-4o-mini',
  anthropic: 'claude-haiku-4-5',
  'openai-compatible': 'gpt-4o-mini',
  // Small enough for a CPU (3.2 GB), reads photos and answers the JSON schema (`ollama pull qwen2.5vl:3b`).
  ollama: 'qwen2.5vl:3b',
};
/** Ollama's OpenAI-compatible endpoint on the seller's own machine. */
export const OLLAMA_BASE_URL = 'http://127.0.0.1:11434/v1';
const TIMEOUT_MS = { default: 30_000, ollama: 180_000 };

/** A configuration problem found when the analysis starts (PRICE_RULES_JSON's rules): a ConfigError, so start-up
 *  reports it like the others. The message names the variable, never its value. */
export class AnalysisSettingsError extends ConfigError {
  constructor(problem: string) {
    super([problem]);
  }
}

export function analysisSettingsFrom(v: AnalysisConfig): AnalysisSettings {
  let priceRules: PriceRules;
  try {
    priceRules = parsePriceRules(v.PRICE_RULES_JSON);
  } catch (e) {
    throw new AnalysisSettingsError((e as Error).message);
  }
  const base = { priceRules, previewTtlSeconds: v.INGEST_PREVIEW_TTL_S, modelsDir: v.MODELS_DIR };
  if (v.LLM_PROVIDER === 'offline') return { ...base, llm: null };
  // loadConfig refuses this already; a config built in code must not send the key to the default host either.
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
      baseUrl: v.LLM_BASE_URL ?? (v.LLM_PROVIDER === 'ollama' ? OLLAMA_BASE_URL : undefined),
      // Ollama needs no key: an OpenAI key set for something else is never sent to it.
      apiKey: v.LLM_PROVIDER === 'anthropic' ? v.ANTHROPIC_API_KEY : v.LLM_PROVIDER === 'ollama' ? undefined : v.OPENAI_API_KEY,
      timeoutMs: v.LLM_TIMEOUT_MS ?? (v.LLM_PROVIDER === 'ollama' ? TIMEOUT_MS.ollama : TIMEOUT_MS.default),
      maxRetries: v.LLM_MAX_RETRIES,
      retryBaseMs: v.LLM_RETRY_BASE_MS,
      imageMaxSide: v.LLM_IMAGE_MAX_SIDE,
      maxImages: v.LLM_MAX_IMAGES,
      costPerMTok: cost,
    },
  };
}
