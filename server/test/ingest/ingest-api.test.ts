import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findMarketingPhrases } from '../../src/modules/listings/index.ts';
import { signPreview, verifyPreview } from '../../src/modules/analysis/ingest/preview-token.ts';
import type { EventEnvelope } from '../../src/platform/events.ts';
import { secretBoxFor } from '../../src/platform/security/secret-box.ts';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { countRows, devPhotos, postPhotos } from './ingest-helpers.ts';

// POST /ingest/photos and POST /ingest/save-draft through the real app: real photos of the development set,
// the real intake, the offline analyser, a real database (SQLite, or PostgreSQL when DATABASE_URL is set).

const EMOJI = /\p{Extended_Pictographic}/u;
let t: TestApp;
const drafts: EventEnvelope<'draft.created'>[] = [];

beforeAll(async () => {
  t = await createTestApp({ NOTIFY_CONSOLE: 'true' }, { runJobs: false });
  t.ctx.events.on('draft.created', (e) => drafts.push(e));
});
afterAll(async () => t?.close());

function expectListingRules(b: { title: string; description: string; hashtags: string[] }) {
  expect(b.title.length).toBeLessThanOrEqual(70);
  expect(b.title).not.toMatch(/\.\.\.|…/);
  const lines = b.description.split('\n');
  // Garment, shipping and hashtags at least; size, condition and the rest only when known (issue 16 point 18).
  expect(lines.length).toBeGreaterThanOrEqual(3);
  expect(lines.length).toBeLessThanOrEqual(8);
  expect(b.hashtags.length).toBeGreaterThanOrEqual(3);
  expect(b.hashtags.length).toBeLessThanOrEqual(5);
  expect(lines[lines.length - 1]).toBe(b.hashtags.map((h) => `#${h}`).join(' '));
  expect(EMOJI.test(`${b.title}${b.description}`)).toBe(false);
  expect(findMarketingPhrases(`${b.title}\n${b.description}`)).toEqual([]);
}

describe('POST /ingest/photos (offline)', () => {
  it('turns three real photos with brand, size and condition hints into a publish-ready draft', async () => {
    const photos = devPhotos('pants', 3).map((file) => ({ file }));
    const res = await postPhotos(t, photos, { brand: 'ralph lauren', size: 'w32l34', condition: 'Très bon état' });
    expect(res.statusCode).toBe(201);
    const b = res.json();
    expect(b.saved).toBe(true);
    expect(b.flags).toEqual({ publish_ready: true, missing_fields: [], warnings: [] });
    expect(b).toMatchObject({ brand: 'Ralph Lauren', size_guess: 'W32 L34', condition: 'very_good', category_guess: 'trousers', possible_duplicate: false, duplicate_of: [] });
    expect(b.title).toMatch(/^Pantalon \S+ Ralph Lauren W32 L34 – Très bon état$/);
    expectListingRules(b);
    expect(b.colors.length).toBeGreaterThanOrEqual(1);
    expect(b.color).toBe(b.colors[0]);
    expect(b.price_suggestion.min).toBeLessThanOrEqual(b.price_suggestion.target);
    expect(b.price_suggestion.target).toBeLessThanOrEqual(b.price_suggestion.max);
    expect(b.price_suggestion.justification).toContain('Ralph Lauren (premium)');
    expect(b.price).toBe(b.price_suggestion.target);
    expect(b.estimated_sale_score).toBe(b.sale_score_breakdown.reduce((a: number, f: { points: number }) => a + f.points, 0));
    expect(b.analysis).toMatchObject({ provider: 'offline', model: null, fallback_reason: null, usage: null });
    expect(b.analysis.sources).toMatchObject({ brand: 'hint', size: 'hint', condition: 'hint', colors: 'pixels', category: expect.stringMatching(/^classifier/) });
    // The classifier's three likeliest categories, best first: the first is the category it chose.
    const candidates: { category: string; score: number }[] = b.analysis.category_candidates;
    expect(candidates).toHaveLength(3);
    expect(candidates[0].category).toBe('trousers');
    expect(candidates[0].score).toBeGreaterThanOrEqual(0.45);
    expect(candidates.map((c) => c.score)).toEqual([...candidates.map((c) => c.score)].sort((x, y) => y - x));
    expect(b.photos).toHaveLength(3);
    for (const p of b.photos) {
      expect(p.url).toBe(`/photos/${p.id}`);
      expect((await t.app.inject({ method: 'GET', url: p.thumb_url })).statusCode).toBe(200);
    }

    // Saved as it was answered, and announced.
    const item = (await t.app.inject({ method: 'GET', url: `/listings/${b.item_id}` })).json();
    expect(item).toMatchObject({
      status: 'draft', title: b.title, description: b.description, brand: 'Ralph Lauren', size: 'W32 L34', category: 'trousers', price: b.price,
      hashtags: b.hashtags, keywords: b.keywords, estimated_sale_score: b.estimated_sale_score, flags: b.flags, price_suggestion: b.price_suggestion,
    });
    expect(item.photos.map((p: { id: string }) => p.id)).toEqual(b.photos.map((p: { id: string }) => p.id));
    expect(t.lines).toContain(`🧠 New AI draft created: ${b.title} (${b.price_suggestion.target}€ target)`);
    expect(drafts.at(-1)?.data).toEqual({ item_id: b.item_id, title: b.title, target_price: b.price_suggestion.target });
    const row = await t.ctx.listings.storedRow(b.item_id);
    expect(JSON.parse(row!.sale_score_breakdown!)).toEqual(b.sale_score_breakdown);
    expect(JSON.parse(row!.extra).analysis.provider).toBe('offline');
  });

  it('lists what it cannot see as missing fields, never in the ad, the same way every time', async () => {
    const photos = devPhotos('shirt', 3).map((file) => ({ file }));
    const first = (await postPhotos(t, photos, { save: 'false' })).json();
    const again = (await postPhotos(t, photos, { save: 'false' })).json();
    expect(first.brand).toBeNull();
    expect(first.size_guess).toBeNull();
    expect(first.condition).toBeNull();
    expect(first.flags.publish_ready).toBe(false);
    expect(first.flags.missing_fields).toEqual(expect.arrayContaining(['missing_size', 'missing_brand', 'missing_condition']));
    // Issue 16 point 18: unknown facts stay out of the buyer's text.
    expect(first.description).not.toMatch(/non visible|non précisé/i);
    expect(first.description).not.toMatch(/vintage|rare|collection/i);
    expectListingRules(first);
    for (const k of ['title', 'description', 'keywords', 'hashtags', 'colors', 'category_guess', 'price_suggestion', 'estimated_sale_score']) expect(again[k]).toEqual(first[k]);
  });

  it('reads brand, size and garment from the words in file names', async () => {
    const photos = devPhotos('t-shirt', 3, 3).map((file, i) => ({ file, name: `tee-shirt_lacoste-XL_${i + 1}.jpg` }));
    const b = (await postPhotos(t, photos, { condition: 'good', notes: 'petite tache au col, longueur 72 cm', save: 'false' })).json();
    expect(b).toMatchObject({ brand: 'Lacoste', size_guess: 'XL', category_guess: 't-shirt' });
    expect(b.analysis.sources).toMatchObject({ brand: 'file name', size: 'file name', category: 'file name' });
    expect(b.description).toContain('À noter : petite tache au col.');
    expect(b.description).toContain('Mesures : longueur 72 cm.');
  });

  it('knows who the garment is for from a hint, the notes or a file name, says it in the title, and takes a change', async () => {
    const hoodies = devPhotos('hoodie', 3).map((file) => ({ file }));
    const hinted = (await postPhotos(t, hoodies, { gender: 'Homme', brand: 'Nike', size: 'L', save: 'false' })).json();
    expect(hinted.gender).toBe('men');
    expect(hinted.analysis.sources.gender).toBe('hint');
    expect(hinted.title).toMatch(/ Nike homme L\b/);
    const noted = (await postPhotos(t, hoodies, { notes: 'sweat femme très doux', save: 'false' })).json();
    expect(noted.gender).toBe('women');
    const named = (await postPhotos(t, hoodies.map((p, i) => ({ ...p, name: `sweat-enfant-${i}.jpg` })), { save: 'false' })).json();
    expect(named.gender).toBe('kids');
    expect((await postPhotos(t, hoodies, { save: 'false' })).json().gender).toBeNull();

    // The form re-composes as the seller changes a fact, then saves what it shows (issue 16 point 3).
    const composed = (await t.app.inject({ method: 'POST', url: '/ingest/compose', ...json({ preview_token: hinted.preview_token, edits: { gender: 'femme' } }) })).json();
    expect(composed).toMatchObject({ gender: 'women', title: hinted.title.replace(' homme ', ' femme ') });
    const saved = (await t.app.inject({ method: 'POST', url: '/ingest/save-draft', ...json({ preview_token: hinted.preview_token, edits: { gender: 'femme', title: composed.title } }) })).json();
    expect(saved).toMatchObject({ gender: 'women', title: composed.title });
    expect((await t.app.inject({ method: 'GET', url: `/listings/${saved.item_id}` })).json().gender).toBe('women');

    const bad = await postPhotos(t, hoodies, { gender: 'unisexe', save: 'false' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation_failed');
  });

  it('writes in the tone and language asked, with hints as fields or grouped as JSON', async () => {
    const photos = devPhotos('dress', 3).map((file) => ({ file }));
    const hints = JSON.stringify({ brand: 'Zara', size: '38', category: 'robe' });
    const b = (await postPhotos(t, photos, { hints, condition: 'good', tone: 'amical', language: 'es', save: 'false' })).json();
    expect(b.title).toMatch(/^Vestido \S+( \S+)? Zara 38 – Buen estado$/);
    expect(b.description.split('\n')[0]).toMatch(/^Vendo este vestido Zara/);
    expect(b).toMatchObject({ tone: 'amical', language: 'es' });
  });
});

describe('duplicates', () => {
  it('flags a garment sent again, says which item it matches and why, and announces it', async () => {
    const photos = devPhotos('hat', 3).map((file) => ({ file }));
    const first = (await postPhotos(t, photos, { brand: 'Kangol', size: 'M', category: 'chapeau', condition: 'good' })).json();
    expect(first.possible_duplicate).toBe(false);
    const detected: EventEnvelope<'duplicate.detected'>[] = [];
    const off = t.ctx.events.on('duplicate.detected', (e) => detected.push(e));
    const again = await postPhotos(t, photos.slice(0, 2), { brand: 'Kangol', size: 'M', category: 'chapeau', condition: 'good' });
    off();
    expect(again.statusCode).toBe(201);
    const b = again.json();
    expect(b.possible_duplicate).toBe(true);
    expect(b.duplicate_of[0]).toMatchObject({ item_id: first.item_id, reason: 'image', score: 1 });
    expect(b.duplicate_of[0].evidence.matched_photo_id).toEqual(expect.any(String));
    expect(t.lines).toContain(`⚠️ Duplicate detected for "${b.title}"`);
    expect(detected.map((e) => e.data)).toEqual([{ item_id: b.item_id, title: b.title, matches: [{ item_id: first.item_id, reason: 'image', score: 1, check: 'hash' }] }]);
    const item = (await t.app.inject({ method: 'GET', url: `/listings/${b.item_id}` })).json();
    expect(item).toMatchObject({ possible_duplicate: true, duplicate_of: [{ item_id: first.item_id, reason: 'image', score: 1 }] });

    // A preview says so too, without saving or announcing anything.
    const lines = t.lines.length;
    const preview = (await postPhotos(t, photos.slice(2), { save: 'false' })).json();
    expect(preview.possible_duplicate).toBe(true);
    expect(preview.duplicate_of.map((m: { item_id: string }) => m.item_id)).toContain(first.item_id);
    expect(t.lines.length).toBe(lines);
  });
});

describe('preview and POST /ingest/save-draft', () => {
  it('previews without saving, then saves the preview with the seller\'s changes, once', async () => {
    const before = await countRows(t, 'items');
    const lines = t.lines.length;
    const photos = devPhotos('skirt', 3).map((file) => ({ file }));
    const res = await postPhotos(t, photos, { brand: 'Maje', size: 'S', category: 'jupe', condition: 'very_good', save: 'false' });
    expect(res.statusCode).toBe(200);
    const preview = res.json();
    expect(preview).toMatchObject({ saved: false, item_id: null, flags: { publish_ready: true } });
    expect(preview.preview_token).toEqual(expect.any(String));
    expect(Date.parse(preview.preview_expires_at)).toBeGreaterThan(Date.now());
    expect(await countRows(t, 'items')).toBe(before);
    expect(t.lines.length).toBe(lines);

    const composed = (await t.app.inject({ method: 'POST', url: '/ingest/compose', ...json({ preview_token: preview.preview_token, edits: { size: 'M', price: 45 } }) })).json();
    expect(composed.title).toBe(preview.title.replace(' Maje S ', ' Maje M '));
    const edits = { size: 'M', price: 45, title: composed.title, description: composed.description };
    const saved = await t.app.inject({ method: 'POST', url: '/ingest/save-draft', ...json({ preview_token: preview.preview_token, edits }) });
    expect(saved.statusCode).toBe(201);
    const s = saved.json();
    expect(s).toMatchObject({ saved: true, size_guess: 'M', price: 45, brand: 'Maje', preview_token: null, title: composed.title, description: composed.description });
    const item = (await t.app.inject({ method: 'GET', url: `/listings/${s.item_id}` })).json();
    expect(item).toMatchObject({ size: 'M', price: 45, title: s.title, status: 'draft' });
    expect(t.lines.at(-1)).toBe(`🧠 New AI draft created: ${s.title} (${s.price_suggestion.target}€ target)`);

    const twice = await t.app.inject({ method: 'POST', url: '/ingest/save-draft', ...json({ preview_token: preview.preview_token }) });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('item_already_exists');
    expect(await countRows(t, 'items')).toBe(before + 1);
  });

  it('refuses an altered or expired preview token', async () => {
    const photos = devPhotos('shorts', 3).map((file) => ({ file }));
    const { preview_token: token } = (await postPhotos(t, photos, { save: 'false' })).json();
    const [body, sig] = token.split('.');
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    const forged = `${Buffer.from(JSON.stringify({ ...claims, price_cents: 100 })).toString('base64url')}.${sig}`;
    const bad = await t.app.inject({ method: 'POST', url: '/ingest/save-draft', ...json({ preview_token: forged }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_preview_token');

    const box = secretBoxFor({ SECRET_KEY: t.config.SECRET_KEY, dataDir: t.config.dataDir });
    const expired = signPreview(box, { ...verifyPreview(box, token), exp: Date.now() - 1000 });
    const old = await t.app.inject({ method: 'POST', url: '/ingest/save-draft', ...json({ preview_token: expired }) });
    expect(old.statusCode).toBe(410);
    expect(old.json().error.code).toBe('preview_expired');
  });
});

describe('POST /listings/{id}/variants', () => {
  it('rewrites title and description in another tone and language without touching the item', async () => {
    const photos = devPhotos('outwear', 3).map((file) => ({ file }));
    const b = (await postPhotos(t, photos, { brand: 'Barbour', size: 'L', category: 'veste', condition: 'good', notes: 'poche intérieure décousue' })).json();
    await t.app.inject({ method: 'PATCH', url: `/listings/${b.item_id}`, ...json({ brand: 'Barbour International' }) });
    const before = (await t.app.inject({ method: 'GET', url: `/listings/${b.item_id}` })).json();
    const res = await t.app.inject({ method: 'POST', url: `/listings/${b.item_id}/variants`, ...json({ tone: 'fluide', language: 'de' }) });
    expect(res.statusCode).toBe(200);
    const v = res.json();
    expect(v.title).toMatch(/^Jacke \S+ Barbour International L – Guter Zustand$/);
    expect(v.description).toContain('Hinweis: poche intérieure décousue.');
    expectListingRules(v);
    expect(v.flags.publish_ready).toBe(true);
    const after = (await t.app.inject({ method: 'GET', url: `/listings/${b.item_id}` })).json();
    expect(after).toEqual(before);

    expect((await t.app.inject({ method: 'POST', url: '/listings/0190aaaa-0000-7000-8000-000000000000/variants', ...json({}) })).statusCode).toBe(404);
    const badTone = await t.app.inject({ method: 'POST', url: `/listings/${b.item_id}/variants`, ...json({ tone: 'poétique' }) });
    expect(badTone.statusCode).toBe(400);
  });
});

describe('bad input to POST /ingest/photos', () => {
  it('answers a clear 4xx and leaves no item and no photo behind', async () => {
    const items = await countRows(t, 'items');
    const photosBefore = await countRows(t, 'photos');
    const fresh = devPhotos('pants', 1, 5).map((file) => ({ file }));
    const cases: [string, () => ReturnType<typeof postPhotos>, number, string][] = [
      ['no files', () => postPhotos(t, [], { brand: 'Zara' }), 400, 'no_files'],
      ['an unknown category', () => postPhotos(t, fresh, { category: 'vaisseau spatial' }), 400, 'validation_failed'],
      ['an unknown condition', () => postPhotos(t, fresh, { condition: 'cassé' }), 400, 'validation_failed'],
      ['a price under 1 €', () => postPhotos(t, fresh, { price: '0.5' }), 400, 'validation_failed'],
      ['an unknown tone', () => postPhotos(t, fresh, { tone: 'lyrique' }), 400, 'validation_failed'],
      ['an unknown field', () => postPhotos(t, fresh, { colour_of_sky: 'blue' }), 400, 'validation_failed'],
      ['a text file named .jpg', () => postPhotos(t, [{ file: path.join(import.meta.dirname, 'ingest-helpers.ts'), name: 'pull.jpg' }]), 415, 'unsupported_media_type'],
      ['an empty JSON url list', () => t.app.inject({ method: 'POST', url: '/ingest/photos', ...json({ urls: [] }) }), 400, 'validation_failed'],
      ['a bad grouped hint', () => t.app.inject({ method: 'POST', url: '/ingest/photos', ...json({ urls: ['https://example.com/a.jpg'], hints: { category: 'fusée' } }) }), 400, 'validation_failed'],
      ['hints that are not JSON', () => postPhotos(t, fresh, { hints: '{brand: Zara' }), 400, 'validation_failed'],
      ['21 JSON urls', () => t.app.inject({ method: 'POST', url: '/ingest/photos', ...json({ urls: Array.from({ length: 21 }, (_, i) => `https://example.com/${i}.jpg`) }) }), 400, 'validation_failed'],
      ['a loopback URL', () => t.app.inject({ method: 'POST', url: '/ingest/photos', ...json({ urls: ['http://127.0.0.1:9/pull.jpg'] }) }), 400, 'url_forbidden_address'],
    ];
    for (const [what, send, status, code] of cases) {
      const res = await send();
      expect([what, res.statusCode, res.json().error?.code]).toEqual([what, status, code]);
    }
    expect(await countRows(t, 'items')).toBe(items);
    expect(await countRows(t, 'photos')).toBe(photosBefore);
  });
});
