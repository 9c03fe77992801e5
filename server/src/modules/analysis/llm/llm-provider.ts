import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { APICallError, generateText, JSONParseError, type LanguageModel, type LanguageModelUsage, NoObjectGeneratedError, Output, TypeValidationError } from 'ai';
import { retryAfterMs } from '../../../platform/http/retry-after.ts';
import type { AnalysisProvider, AnalysisRequest, ProviderResult, TokenUsage } from '../analysis-provider.ts';
import type { LlmSettings } from '../analysis-settings.ts';
import { boundReading, GarmentReadingSchema } from '../garment-reading.ts';
import { imagesForModel } from './llm-images.ts';
import { SYSTEM_PROMPT, userPrompt } from './llm-prompt.ts';

/** Why an LLM call gave no usable reading; its message becomes `analysis.fallback_reason`. */
export class LlmFailure extends Error {
  constructor(message: string, readonly usage: TokenUsage | null) {
    super(message);
  }
}

/** Longest wait a provider's Retry-After may impose between two attempts: the seller is waiting on the answer. */
const MAX_RETRY_WAIT_MS = 10_000;

/**
 * Reads a garment with a vision LLM (OpenAI, Anthropic, or any OpenAI-compatible server such as Ollama, LM
 * Studio or vLLM) through the `ai` SDK: structured output validated by GarmentReadingSchema, one timeout per
 * attempt, retries with exponential backoff on rate limits, server errors, network errors and timeouts.
 * A reply that is not JSON or not in the schema is not retried: the same prompt tends to get the same reply.
 */
export class LlmProvider implements AnalysisProvider {
  readonly name: LlmSettings['provider'];
  readonly model: string;
  private readonly languageModel: LanguageModel | null;

  constructor(private readonly s: LlmSettings) {
    this.name = s.provider;
    this.model = s.model;
    this.languageModel = this.buildModel();
  }

  private buildModel(): LanguageModel | null {
    const { provider, apiKey, baseUrl, model } = this.s;
    if (provider === 'anthropic') return apiKey ? createAnthropic({ apiKey, ...(baseUrl ? { baseURL: baseUrl } : {}) })(model) : null;
    if (provider === 'openai' && !apiKey) return null;
    // Chat Completions (`.chat`) is the API every OpenAI-compatible server speaks; local servers need no key.
    return createOpenAI({ apiKey: apiKey ?? 'not-needed', ...(baseUrl ? { baseURL: baseUrl } : {}) }).chat(model);
  }

  async read(req: AnalysisRequest): Promise<ProviderResult> {
    if (!this.languageModel) throw new LlmFailure(`${this.name === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY'} is not set`, null);
    const images = await imagesForModel(req.photos, this.s.imageMaxSide, this.s.maxImages);
    const usage = emptyUsage();
    for (let attempt = 1; ; attempt++) {
      usage.requests++;
      try {
        const result = await generateText({
          model: this.languageModel,
          system: SYSTEM_PROMPT,
          messages: [{
            role: 'user',
            content: [
              { type: 'text', text: userPrompt(req.hints, req.language, images.length) },
              ...images.map((image) => ({ type: 'image' as const, image, mediaType: 'image/jpeg' })),
            ],
          }],
          output: Output.object({ schema: GarmentReadingSchema, name: 'garment_reading' }),
          temperature: 0,
          maxRetries: 0, // ours below: the SDK's would not count toward the timeout or the usage record
          abortSignal: AbortSignal.timeout(this.s.timeoutMs),
        });
        addUsage(usage, result.usage, this.s);
        return { reading: boundReading(result.output), sources: { category: 'model', brand: 'model', size: 'model', colors: 'model', materials: 'model' }, model: this.model, usage };
      } catch (e) {
        if (NoObjectGeneratedError.isInstance(e) && e.usage) addUsage(usage, e.usage, this.s);
        const failure = describeFailure(e, this.s, attempt, this.s.apiKey);
        if (!failure.retry || attempt > this.s.maxRetries) throw new LlmFailure(failure.reason, usage.requests ? usage : null);
        await sleep(failure.waitMs ?? this.s.retryBaseMs * 2 ** (attempt - 1));
      }
    }
  }
}

function emptyUsage(): TokenUsage {
  return { input_tokens: null, output_tokens: null, total_tokens: null, cost_usd: null, requests: 0 };
}

function addUsage(u: TokenUsage, add: LanguageModelUsage, s: LlmSettings) {
  const plus = (a: number | null, b: number | undefined) => (b === undefined ? a : (a ?? 0) + b);
  u.input_tokens = plus(u.input_tokens, add.inputTokens);
  u.output_tokens = plus(u.output_tokens, add.outputTokens);
  u.total_tokens = plus(u.total_tokens, add.totalTokens ?? (add.inputTokens ?? 0) + (add.outputTokens ?? 0));
  if (s.costPerMTok && u.input_tokens !== null && u.output_tokens !== null) {
    u.cost_usd = Math.round(((u.input_tokens * s.costPerMTok.input + u.output_tokens * s.costPerMTok.output) / 1e6) * 1e6) / 1e6;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A short reason a seller can read, and whether another attempt may help. Never carries the key or the request body. */
export function describeFailure(e: unknown, s: LlmSettings, attempt: number, secret?: string): { reason: string; retry: boolean; waitMs?: number } {
  const attempts = `${attempt} attempt${attempt > 1 ? 's' : ''}`;
  const scrub = (t: string) => (secret ? t.split(secret).join('[redacted]') : t).slice(0, 200);
  const err = e as { name?: string; code?: string; cause?: unknown };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') {
    return { reason: `no answer from the model within ${s.timeoutMs} ms (${attempts})`, retry: true };
  }
  if (NoObjectGeneratedError.isInstance(e)) {
    if (JSONParseError.isInstance(e.cause)) return { reason: 'the model replied with malformed JSON', retry: false };
    if (TypeValidationError.isInstance(e.cause)) {
      const issues = (e.cause.cause as { issues?: { path: PropertyKey[] }[] } | undefined)?.issues ?? [];
      const paths = [...new Set(issues.map((i) => i.path.map(String).join('.') || '(root)'))].slice(0, 5).join(', ');
      return { reason: scrub(`the model's reply does not match the schema${paths ? ` (invalid: ${paths})` : ''}`), retry: false };
    }
    return { reason: 'the model gave no structured answer', retry: false };
  }
  if (APICallError.isInstance(e)) {
    const status = e.statusCode;
    if (status === 429) {
      const waitMs = retryAfterMs(e.responseHeaders, MAX_RETRY_WAIT_MS);
      return { reason: `rate limited by the provider (HTTP 429, ${attempts})`, retry: true, ...(waitMs !== undefined ? { waitMs } : {}) };
    }
    if (status === 401 || status === 403) return { reason: `the provider refused the API key (HTTP ${status})`, retry: false };
    if (status !== undefined) return { reason: `the provider answered HTTP ${status} (${attempts})`, retry: status >= 500 || status === 408 };
    const code = (e.cause as { code?: string } | undefined)?.code;
    return { reason: scrub(`cannot reach the provider${code ? ` (${code})` : ''} (${attempts})`), retry: true };
  }
  const code = err?.code ?? (err?.cause as { code?: string } | undefined)?.code;
  if (code && /^E[A-Z]+$/.test(code)) return { reason: `cannot reach the provider (${code}) (${attempts})`, retry: true };
  return { reason: scrub(`unexpected error from the model client: ${err?.name ?? 'Error'}`), retry: false };
}

