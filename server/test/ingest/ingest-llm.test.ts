import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { type FakeLlmServer, startFakeLlmServer } from '../fakes/fake-llm-server.ts';
import { devPhotos, postPhotos } from './ingest-helpers.ts';

// POST /ingest/photos with an LLM configured the way a seller does it (environment variables), against a fake
// OpenAI-compatible server on 127.0.0.1: a good reply makes the listing, every failure falls back to offline
// and says why, and the key shows up nowhere.

const KEY = 'sk-live-ingest-test-4f1c9a7e2b';
const REPLY = {
  category: 'jumper', brand: 'Ralph Lauren', size: 'M', condition: null, colors: ['navy'],
  materials: [{ fibre: 'wool', percent: 80 }, { fibre: 'polyamide', percent: 20 }], details: ['col rond', 'maille torsadée'], defects: [],
  label_text: 'POLO RALPH LAUREN\nM\n80% LAINE 20% POLYAMIDE',
};
// 2 s per attempt: short enough for the timeout case, long enough for a good reply on a busy machine.
const ENV = { LLM_PROVIDER: 'openai-compatible', OPENAI_API_KEY: KEY, LLM_TIMEOUT_MS: '2000', LLM_RETRY_BASE_MS: '5', LLM_MAX_RETRIES: '1' };

let fake: FakeLlmServer;
let t: TestApp;

beforeAll(async () => {
  fake = await startFakeLlmServer();
  // The analyser's settings come from the server's configuration, parsed from these variables like a seller's .env.
  t = await createTestApp({ ...ENV, LLM_BASE_URL: fake.baseUrl, NOTIFY_CONSOLE: 'true' }, { runJobs: false });
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

const photos = (skip: number) => devPhotos('hoodie', 3, skip).map((file) => ({ file }));

describe('POST /ingest/photos with an LLM', () => {
  it('writes the listing from the model\'s reading, records the tokens, and still announces the draft', async () => {
    fake.script({ kind: 'good', reply: REPLY, usage: { input: 2400, output: 180 } });
    const res = await postPhotos(t, photos(0), { condition: 'very_good' });
    expect(res.statusCode).toBe(201);
    const b = res.json();
    expect(b.analysis).toMatchObject({
      provider: 'openai-compatible', model: 'gpt-4o-mini', fallback_reason: null,
      usage: { input_tokens: 2400, output_tokens: 180, total_tokens: 2580, requests: 1 },
    });
    expect(b).toMatchObject({ brand: 'Ralph Lauren', size_guess: 'M', category_guess: 'jumper', color: 'navy', material: '80 % laine, 20 % polyamide' });
    expect(b.title).toBe('Pull marine Ralph Lauren M – Très bon état');
    expect(b.description.split('\n')[0]).toBe('Pull en laine Ralph Lauren, coloris marine, col rond, maille torsadée.');
    expect(b.flags).toMatchObject({ publish_ready: true, missing_fields: [] });
    expect(t.lines).toContain(`🧠 New AI draft created: ${b.title} (${b.price_suggestion.target}€ target)`);
    const extra = JSON.parse((await t.ctx.listings.storedRow(b.item_id))!.extra);
    expect(extra.analysis.usage).toMatchObject({ input_tokens: 2400, output_tokens: 180 });
  });

  const failures: [string, Parameters<FakeLlmServer['script']>, RegExp][] = [
    ['malformed JSON', [{ kind: 'malformed' }], /malformed JSON/],
    ['a schema mismatch', [{ kind: 'schema_mismatch' }], /does not match the schema/],
    ['a 429', [{ kind: 'status', status: 429, retryAfter: '0' }], /rate limited by the provider \(HTTP 429, 2 attempts\)/],
    ['a timeout', [{ kind: 'timeout' }], /no answer from the model within 2000 ms \(2 attempts\)/],
  ];
  for (const [what, script, reason] of failures) {
    it(`falls back to offline on ${what} and says why`, async () => {
      fake.script(...script);
      const res = await postPhotos(t, photos(3), { brand: 'Lacoste', size: 'L', condition: 'good', save: 'false' });
      expect(res.statusCode).toBe(200);
      const b = res.json();
      expect(b.analysis.provider).toBe('offline');
      expect(b.analysis.model).toBeNull();
      expect(b.analysis.fallback_reason).toMatch(/^openai-compatible gpt-4o-mini: /);
      expect(b.analysis.fallback_reason).toMatch(reason);
      expect(b).toMatchObject({ brand: 'Lacoste', size_guess: 'L', condition: 'good' });
      expect(b.title).toContain('Lacoste L – Bon état');
      expect(res.body).not.toContain(KEY);
    });
  }

  it('never lets the key reach a log or an answer', async () => {
    expect(t.logs.join('')).toContain('falling back to offline');
    expect(t.logs.join('')).not.toContain(KEY);
    expect(t.lines.join('\n')).not.toContain(KEY);
    expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${KEY}`);
  });
});
