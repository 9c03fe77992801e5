import { afterEach, describe, expect, it } from 'vitest';
import { accountsApp, bearer, HOST, inviteUser, setUpAdmin } from '../accounts/helpers.ts';
import { type FakeLlmServer, startFakeLlmServer } from '../fakes/fake-llm-server.ts';
import type { TestApp } from '../helpers/test-app.ts';
import { devPhotos, multipart } from '../ingest/ingest-helpers.ts';

// The monthly LLM-analyses quota (issue 20 point 6), in accounts mode with an LLM configured (a fake
// OpenAI-compatible server): the analysis past the limit is refused with 402 before the model is called, and
// stores neither its photos nor an item; the header counts down.

const REPLY = { category: 'jumper', brand: 'Ralph Lauren', size: 'M', condition: null, colors: ['navy'], materials: [], details: [], defects: [], label_text: '' };
let fake: FakeLlmServer | undefined;
let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  await fake?.close();
});

describe('LLM analyses quota', () => {
  it('counts each LLM analysis and refuses the one past the limit before calling the model', async () => {
    fake = await startFakeLlmServer();
    t = await accountsApp({ LLM_PROVIDER: 'openai-compatible', OPENAI_API_KEY: 'sk-test-quota', LLM_BASE_URL: fake.baseUrl, LLM_TIMEOUT_MS: '5000', LLM_MAX_RETRIES: '0' });
    const admin = await setUpAdmin(t);
    const ann = await inviteUser(t, admin, 'ann@example.org', 'ann-password-123');
    const annId = (await ann.get('/auth/session')).json().user.id;
    const token = (await ann.post('/auth/tokens', { name: 'script' })).json().token as string;
    expect((await admin.req('PUT', `/admin/users/${annId}/quotas`, { analyses: 1 })).statusCode).toBe(200);
    const ingest = (skip: number) => {
      const body = multipart(devPhotos('hoodie', 1, skip).map((file) => ({ file })));
      return t!.app.inject({ method: 'POST', url: '/ingest/photos', payload: body.payload, headers: { ...body.headers, host: HOST, authorization: `Bearer ${token}` } });
    };

    fake.script({ kind: 'good', reply: REPLY, usage: { input: 100, output: 10 } });
    const first = await ingest(0);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().analysis.fallback_reason).toBeNull();
    expect(first.headers['x-quota-analyses-remaining']).toBe('0');

    const stored = async () => (await bearer(t!, token, 'GET', '/auth/quotas')).json().quotas.find((q: { metric: string }) => q.metric === 'storage_bytes').used as number;
    const storedBefore = await stored();
    expect(storedBefore).toBeGreaterThan(0);
    const calls = fake.requests.length;
    const second = await ingest(1);
    expect(second.statusCode, second.body).toBe(402);
    expect(second.json().error).toMatchObject({ code: 'quota_exceeded', details: { quota: 'analyses', limit: 1, used: 1 } });
    expect(fake.requests.length).toBe(calls);
    // Refused before the photos were stored: nothing of the second upload is kept.
    expect(await stored()).toBe(storedBefore);
    expect((await bearer(t, token, 'GET', '/listings')).json().items).toHaveLength(1);

    // Analyses left but no listing left: the ingest (which saves a draft) is refused before storing or calling the model.
    expect((await admin.req('PUT', `/admin/users/${annId}/quotas`, { analyses: 5, listings: 1 })).statusCode).toBe(200);
    const third = await ingest(2);
    expect(third.json().error).toMatchObject({ code: 'quota_exceeded', details: { quota: 'listings', limit: 1, used: 1 } });
    expect(fake.requests.length).toBe(calls);
    expect(await stored()).toBe(storedBefore);
    const analyses = (await bearer(t, token, 'GET', '/auth/quotas')).json().quotas.find((q: { metric: string }) => q.metric === 'analyses');
    expect(analyses).toMatchObject({ limit: 5, used: 1, remaining: 4 });
  });
});
