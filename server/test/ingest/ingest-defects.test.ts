import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeLlmServer, startFakeLlmServer } from '../fakes/fake-llm-server.ts';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { devPhotos, postPhotos } from './ingest-helpers.ts';

// Defects (issue 19): read by the LLM (the fake OpenAI-compatible server on 127.0.0.1) into type, severity, photo
// and location; they lower the condition and the price with an explanation and appear in the description as facts.
// The seller confirms or removes each (edits.defects), and offline ticks them from the same list, same effect.
const REPLY = {
  category: 'jumper', brand: 'Ralph Lauren', size: 'M', condition: 'very_good', colors: ['navy'], materials: [], details: ['col rond'],
  defects: [{ type: 'stain', severity: 'minor', photo: 2, location: 'la manche gauche' }, { type: 'hole', severity: 'moderate', photo: 9, location: 'le col' }],
  label_text: null,
};
const ENV = { LLM_PROVIDER: 'openai-compatible', OPENAI_API_KEY: 'sk-test-defects', LLM_TIMEOUT_MS: '4000', LLM_RETRY_BASE_MS: '5', LLM_MAX_RETRIES: '0' };

describe('defects', () => {
  let fake: FakeLlmServer;
  let t: TestApp;
  beforeAll(async () => {
    fake = await startFakeLlmServer();
    t = await createTestApp({ ...ENV, LLM_BASE_URL: fake.baseUrl }, { runJobs: false });
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });
  const compose = (body: unknown) => t.app.inject({ method: 'POST', url: '/ingest/compose', ...json(body) });

  it('reads defects from the photos and lowers condition and price, with an explanation and a factual description', async () => {
    fake.script({ kind: 'good', reply: REPLY, usage: { input: 100, output: 50 } });
    const res = await postPhotos(t, devPhotos('hoodie', 3).map((file) => ({ file })), { save: 'false' });
    expect(res.statusCode).toBe(200);
    const b = res.json();
    // The photo number past the 3 photos sent is dropped, not invented.
    expect(b.defects).toEqual([
      { type: 'stain', severity: 'minor', photo: 2, location: 'la manche gauche' },
      { type: 'hole', severity: 'moderate', photo: null, location: 'le col' },
    ]);
    expect(b.condition).toBe('good'); // the model said "very good"; a visible hole caps it
    expect(b.description).toContain('petite tache sur la manche gauche, voir photo 2');
    expect(b.description).toContain('trou sur le col');
    expect(b.defects_note).toBe('Défauts signalés : tache (léger), trou (visible). État ramené à « Bon état » et prix ×0,76.');
    expect(b.price_suggestion.justification).toContain('2 défauts ×0.76');

    // The seller removes the hole and keeps the stain: the condition and price come back up, the text follows.
    const kept = await compose({ preview_token: b.preview_token, edits: { defects: [b.defects[0]] } });
    expect(kept.statusCode).toBe(200);
    const k = kept.json();
    expect(k.condition).toBe('very_good');
    expect(k.description).toContain('petite tache sur la manche gauche, voir photo 2');
    expect(k.description).not.toContain('trou');
    expect(k.price_suggestion.target).toBeGreaterThan(b.price_suggestion.target);

    // None confirmed: no defect sentence, no note, the price as without defects.
    const none = (await compose({ preview_token: b.preview_token, edits: { defects: [] } })).json();
    expect([none.defects, none.defects_note]).toEqual([[], null]);
    expect(none.price_suggestion.target).toBeGreaterThan(k.price_suggestion.target);

    // Saved: the item carries the lowered condition and the sentence.
    const saved = await t.app.inject({ method: 'POST', url: '/ingest/save-draft', ...json({ preview_token: b.preview_token }) });
    expect(saved.statusCode).toBe(201);
    const item = (await t.app.inject({ method: 'GET', url: `/listings/${saved.json().item_id}` })).json();
    expect(item.condition).toBe('good');
    expect(item.description).toContain('voir photo 2');
  });

  it('offline, the defects the seller ticks have the same effect', async () => {
    const res = await compose({ photo_count: 4, edits: { category: 'jumper', condition: 'new_without_tags', defects: [{ type: 'pilling', severity: 'major', photo: 4, location: 'les manches' }] } });
    expect(res.statusCode).toBe(200);
    const b = res.json();
    expect(b.condition).toBe('satisfactory');
    expect(b.description).toContain('grandes bouloches sur les manches, voir photo 4');
    expect(b.defects_note).toContain('État ramené à « Satisfaisant »');
  });

  it('refuses a defect outside the list', async () => {
    const res = await compose({ edits: { defects: [{ type: 'smell', severity: 'minor', photo: null, location: null }] } });
    expect([res.statusCode, res.json().error.code]).toEqual([400, 'validation_failed']);
  });
});
