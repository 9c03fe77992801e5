import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisPhoto, AnalysisRequest } from '../../src/modules/analysis/analysis-provider.ts';
import { loadConfig } from '../../src/config.ts';
import { analysisSettingsFrom } from '../../src/modules/analysis/analysis-settings.ts';
import { AnalysisService } from '../../src/modules/analysis/analysis.service.ts';
import { LlmFailure, LlmProvider } from '../../src/modules/analysis/llm/llm-provider.ts';
import { type FakeLlmServer, startFakeLlmServer } from '../fakes/fake-llm-server.ts';
import { testPhotos } from '../helpers/test-photos.ts';

// The LLM path against a fake provider on 127.0.0.1: what we send (downscaled photos, the key, the schema)
// and what we do with each kind of answer.

const KEY = 'sk-test-0123456789abcdef-secret';
const GOOD = {
  category: 'jumper', brand: 'Ralph Lauren', size: 'M', condition: null, colors: ['navy', 'navy', 'white'],
  materials: [{ fibre: 'wool', percent: 100 }], details: ['col rond'], defects: [], label_text: 'POLO RALPH LAUREN M 100% WOOL',
};

let fake: FakeLlmServer;
let tmp: string;
let req: AnalysisRequest;

async function photoFrom(file: string, i: number): Promise<AnalysisPhoto> {
  // A 1600 px preview like the intake stores, so the downscale to 768 px is visible in what reaches the model.
  const previewPath = path.join(tmp, `p${i}.jpg`);
  await sharp(file).resize({ width: 1600, height: 1600, fit: 'inside' }).jpeg().toFile(previewPath);
  const { data, info } = await sharp(file).resize({ width: 256, height: 256, fit: 'inside' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { id: `photo-${i}`, filename: path.basename(file), decoded: { rgb: data, width: info.width, height: info.height }, previewPath };
}

const analysis = (env: Record<string, string>) => analysisSettingsFrom(loadConfig(env));
const settings = (env: Record<string, string>) => analysis({
  // A generous timeout: the machine running the tests may be busy; the timeout case sets a short one.
  LLM_PROVIDER: 'openai-compatible', LLM_BASE_URL: fake.baseUrl, OPENAI_API_KEY: KEY, LLM_TIMEOUT_MS: '10000', LLM_RETRY_BASE_MS: '5', ...env,
}).llm!;

beforeAll(async () => {
  fake = await startFakeLlmServer();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'llm-test-'));
  const files = testPhotos('hoodie', 3);
  req = {
    photos: await Promise.all(files.map(photoFrom)),
    hints: { brand: null, size: null, category: null, condition: 'very_good', notes: null },
    language: 'fr',
  };
});
afterAll(async () => {
  await fake.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('LLM provider against a fake OpenAI-compatible server', () => {
  it('sends downscaled photos, the key and the schema, and returns the validated reading with its token usage', async () => {
    fake.script({ kind: 'good', reply: GOOD, usage: { input: 1500, output: 120 } });
    const n = fake.requests.length;
    const p = new LlmProvider(settings({ LLM_MODEL: 'llava:13b', LLM_COST_INPUT_PER_MTOK: '0.15', LLM_COST_OUTPUT_PER_MTOK: '0.6' }));
    const r = await p.read(req);
    expect(r.reading).toMatchObject({ category: 'jumper', brand: 'Ralph Lauren', size: 'M', colors: ['navy', 'white'], materials: [{ fibre: 'wool', percent: 100 }] });
    expect(r.usage).toEqual({ input_tokens: 1500, output_tokens: 120, total_tokens: 1620, cost_usd: 0.000297, requests: 1 });

    const sent = fake.requests.slice(n);
    expect(sent).toHaveLength(1);
    expect(sent[0].path).toBe('/v1/chat/completions');
    expect(sent[0].headers.authorization).toBe(`Bearer ${KEY}`);
    const body = sent[0].body as { model: string; response_format: { type: string; json_schema: { strict: boolean } }; messages: { role: string; content: unknown }[] };
    expect(body.model).toBe('llava:13b');
    expect(body.response_format.type).toBe('json_schema');
    expect(body.response_format.json_schema.strict).toBe(true);
    const parts = body.messages.find((m) => m.role === 'user')!.content as { type: string; image_url?: { url: string } }[];
    const images = parts.filter((c) => c.type === 'image_url');
    expect(images).toHaveLength(3);
    for (const img of images) {
      const meta = await sharp(Buffer.from(img.image_url!.url.replace(/^data:image\/jpeg;base64,/, ''), 'base64')).metadata();
      expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(768);
      expect(Math.max(meta.width!, meta.height!)).toBeGreaterThan(700);
    }
  });

  it('sends at most LLM_MAX_IMAGES photos', async () => {
    fake.script({ kind: 'good', reply: GOOD });
    const n = fake.requests.length;
    await new LlmProvider(settings({ LLM_MAX_IMAGES: '2', LLM_IMAGE_MAX_SIDE: '512' })).read(req);
    const parts = (fake.requests[n].body.messages as { role: string; content: { type: string }[] }[]).find((m) => m.role === 'user')!.content;
    expect(parts.filter((c) => c.type === 'image_url')).toHaveLength(2);
  });

  const failures: [string, Parameters<FakeLlmServer['script']>, RegExp, number, Record<string, string>?][] = [
    ['malformed JSON', [{ kind: 'malformed' }], /malformed JSON/, 1],
    ['a schema mismatch', [{ kind: 'schema_mismatch' }], /does not match the schema \(invalid: category, brand, condition, colors/, 1],
    ['a 429 on every attempt', [{ kind: 'status', status: 429, retryAfter: '0' }], /rate limited by the provider \(HTTP 429, 3 attempts\)/, 3],
    ['a timeout', [{ kind: 'timeout' }], /no answer from the model within 400 ms \(3 attempts\)/, 3, { LLM_TIMEOUT_MS: '400' }],
    ['a refused key', [{ kind: 'status', status: 401 }], /refused the API key \(HTTP 401\)/, 1],
    ['a server error', [{ kind: 'status', status: 503 }], /HTTP 503 \(3 attempts\)/, 3],
  ];
  for (const [what, script, reason, calls, env] of failures) {
    it(`fails with a reason on ${what}, after ${calls} call(s)`, async () => {
      fake.script(...script);
      const n = fake.requests.length;
      const err = await new LlmProvider(settings(env ?? {})).read(req).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(LlmFailure);
      expect((err as LlmFailure).message).toMatch(reason);
      expect((err as LlmFailure).message).not.toContain(KEY);
      expect(fake.requests.length - n).toBe(calls);
      expect((err as LlmFailure).usage?.requests).toBe(calls);
    });
  }

  it('retries after a 429 and succeeds, counting both calls', async () => {
    fake.script({ kind: 'status', status: 429, retryAfter: '0' }, { kind: 'good', reply: GOOD });
    const r = await new LlmProvider(settings({})).read(req);
    expect(r.reading.brand).toBe('Ralph Lauren');
    expect(r.usage?.requests).toBe(2);
  });

  it('speaks Anthropic messages too', async () => {
    fake.script({ kind: 'good', reply: GOOD, usage: { input: 2000, output: 150 } });
    const n = fake.requests.length;
    const p = new LlmProvider(analysis({ LLM_PROVIDER: 'anthropic', LLM_BASE_URL: fake.baseUrl, ANTHROPIC_API_KEY: KEY, LLM_TIMEOUT_MS: '2000' }).llm!);
    const r = await p.read(req);
    expect(r.reading.category).toBe('jumper');
    expect(r.usage).toMatchObject({ input_tokens: 2000, output_tokens: 150 });
    expect(fake.requests[n].path).toBe('/v1/messages');
    expect(fake.requests[n].headers['x-api-key']).toBe(KEY);
    expect(fake.requests[n].body.model).toBe('claude-haiku-4-5');
  });

  it('fails without a key for OpenAI, without calling anyone', async () => {
    const n = fake.requests.length;
    const p = new LlmProvider(analysis({ LLM_PROVIDER: 'openai', LLM_BASE_URL: fake.baseUrl }).llm!);
    await expect(p.read(req)).rejects.toThrow('OPENAI_API_KEY is not set');
    expect(fake.requests.length).toBe(n);
  });
});

describe('analysis service', () => {
  it('falls back to offline with the reason, keeps the hints, and logs no key', async () => {
    const logs: string[] = [];
    const log = pino({ level: 'info' }, { write: (s: string) => void logs.push(s) });
    fake.script({ kind: 'status', status: 429, retryAfter: '0' });
    const svc = new AnalysisService(analysis({ LLM_PROVIDER: 'openai-compatible', LLM_BASE_URL: fake.baseUrl, OPENAI_API_KEY: KEY, LLM_RETRY_BASE_MS: '5', LLM_MAX_RETRIES: '1' }), log);
    const out = await svc.analyse(req);
    expect(out.analysis.provider).toBe('offline');
    expect(out.analysis.model).toBeNull();
    expect(out.analysis.fallback_reason).toBe('openai-compatible gpt-4o-mini: rate limited by the provider (HTTP 429, 2 attempts)');
    expect(out.analysis.usage?.requests).toBe(2);
    expect(out.facts.condition).toBe('very_good');
    expect(out.facts.brand).toBeNull();
    expect(logs.join('')).toContain('falling back to offline');
    expect(logs.join('')).not.toContain(KEY);
  });

  it('LLM_PROVIDER=ollama is the whole setup: its local address, a vision model, no key sent, a CPU-sized timeout', async () => {
    const defaults = analysis({ LLM_PROVIDER: 'ollama', OPENAI_API_KEY: KEY }).llm!;
    expect(defaults).toMatchObject({ provider: 'ollama', baseUrl: 'http://127.0.0.1:11434/v1', model: 'qwen2.5vl:3b', timeoutMs: 180_000, apiKey: undefined });
    expect(analysis({ LLM_PROVIDER: 'ollama', LLM_TIMEOUT_MS: '60000', LLM_MODEL: 'gemma3:4b' }).llm).toMatchObject({ timeoutMs: 60_000, model: 'gemma3:4b' });

    // The fake plays Ollama's OpenAI-compatible endpoint (the address is overridable like every provider's).
    fake.script({ kind: 'good', reply: GOOD });
    const n = fake.requests.length;
    const svc = new AnalysisService(analysis({ LLM_PROVIDER: 'ollama', LLM_BASE_URL: fake.baseUrl, OPENAI_API_KEY: KEY }), pino({ level: 'silent' }));
    const out = await svc.analyse(req);
    expect(out.analysis).toMatchObject({ provider: 'ollama', model: 'qwen2.5vl:3b', fallback_reason: null });
    expect(out.facts).toMatchObject({ brand: 'Ralph Lauren', category: 'jumper' });
    const sent = fake.requests.slice(n);
    expect(sent[0].path).toBe('/v1/chat/completions');
    expect((sent[0].body as { model: string }).model).toBe('qwen2.5vl:3b');
    // An OpenAI key set for something else never reaches the local server.
    expect(sent[0].headers.authorization ?? '').not.toContain(KEY);
  });

  it('uses the model reading when it answers, hints first', async () => {
    fake.script({ kind: 'good', reply: GOOD });
    const svc = new AnalysisService(analysis({ LLM_PROVIDER: 'openai-compatible', LLM_BASE_URL: fake.baseUrl }), pino({ level: 'silent' }));
    const out = await svc.analyse({ ...req, hints: { ...req.hints, size: 'L' } });
    expect(out.analysis).toMatchObject({ provider: 'openai-compatible', model: 'gpt-4o-mini', fallback_reason: null });
    expect(out.facts).toMatchObject({ brand: 'Ralph Lauren', size: 'L', category: 'jumper', condition: 'very_good', colors: ['navy', 'white'], details: ['col rond'], details_language: 'fr' });
  });
});
