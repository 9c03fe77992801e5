import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { terminateLabelReader } from '../../src/modules/analysis/vision/index.ts';
import { renderLabel } from '../../src/modules/analysis/vision/testing/render.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { devPhotos, postPhotos } from './ingest-helpers.ts';

// The offline analyser reading a care label: two garment photos and a close-up of the label, no brand or size
// given by the seller. What the listing says about brand, size and composition comes from the label's text.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({}, { runJobs: false });
});
afterAll(async () => {
  await t?.close();
  await terminateLabelReader();
});

describe('POST /ingest/photos with a label close-up (offline OCR)', () => {
  it('takes brand, size and composition from the label, and nothing it did not read', async () => {
    const label = await renderLabel({ lines: ['LACOSTE', 'L', '100% COTON'], rotate: 2, blur: 0.5 });
    const photos = [...devPhotos('t-shirt', 2, 4).map((file) => ({ file })), { buffer: label, name: 'IMG_0042.jpg' }];
    const res = await postPhotos(t, photos, { condition: 'very_good', category: 't-shirt' });
    expect(res.statusCode).toBe(201);
    const b = res.json();
    expect(b).toMatchObject({ brand: 'Lacoste', size_guess: 'L', material: '100 % coton', category_guess: 't-shirt' });
    expect(b.analysis.sources).toMatchObject({ brand: 'label', size: 'label', materials: 'label' });
    expect(b.title).toMatch(/^T-shirt \S+ Lacoste L – Très bon état$/);
    expect(b.description).toContain('T-shirt en coton Lacoste');
    expect(b.description).toContain('Composition : 100 % coton.');
    expect(b.flags).toEqual({ publish_ready: true, missing_fields: [], warnings: [] });
    expect(b.price_suggestion.justification).toContain('Lacoste (premium)');
    // The label is not the garment: the colour comes from the two garment shots, not the label's cream fabric.
    expect(b.colors).not.toContain('cream');
  }, 120_000);

  it('leaves brand and size unknown when the label only gives the composition', async () => {
    const label = await renderLabel({ lines: ['80% LAINE', '20% POLYAMIDE', 'MADE IN ITALY'], rotate: -2, blur: 0.5 });
    const photos = [...devPhotos('hoodie', 2, 4).map((file) => ({ file })), { buffer: label, name: 'IMG_0043.jpg' }];
    const b = (await postPhotos(t, photos, { condition: 'good', save: 'false' })).json();
    expect(b).toMatchObject({ brand: null, size_guess: null, material: '80 % laine, 20 % polyamide' });
    expect(b.flags.missing_fields).toEqual(expect.arrayContaining(['missing_brand', 'missing_size']));
    expect(b.description).not.toMatch(/Taille|Marque non visible/);
    expect(b.description).toContain('Composition : 80 % laine, 20 % polyamide.');
  }, 120_000);
});
