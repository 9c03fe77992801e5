import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryOfDatasetClass } from '../../src/modules/analysis/vision/classifier/garment-classes.ts';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { labelledTestPhotos, testPhoto } from '../helpers/test-photos.ts';
import { postPhotos } from '../ingest/ingest-helpers.ts';

// Issue 21, point 1, through the real app (SQLite, or PostgreSQL with DATABASE_URL): the seller corrects the
// category of a few items the generic classifier got wrong; a new shot of one of those garments (mirrored,
// re-framed, in other light) is then named by the seller's memory, and the answer says so. The reset forgets;
// the memory survives a restart. The photos the classifier gets wrong are found by asking the app, not listed here.

/** A second shot of a garment: mirrored, cropped by 6 % a side, a little darker (the same floor, another moment). */
async function reshoot(file: string): Promise<Buffer> {
  const img = sharp(file);
  const { width = 0, height = 0 } = await img.metadata();
  const dx = Math.round(width * 0.06), dy = Math.round(height * 0.06);
  return sharp(file).extract({ left: dx, top: dy, width: width - 2 * dx, height: height - 2 * dy }).flop().modulate({ brightness: 0.92 }).jpeg({ quality: 88 }).toBuffer();
}

type Answer = { item_id: string | null; category_guess: string | null; color: string | null; analysis: { decisions?: { field: string; code: string; params: { value: string; count: number } }[] } };

describe("seller's memory", () => {
  let t: TestApp;
  const preview = async (app: TestApp, buffer: Buffer) => (await postPhotos(app, [{ buffer, name: 'photo.jpg' }], { save: 'false' })).json() as Answer;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-memory-'));
  /** Photos whose re-shot the generic classifier names wrongly (one per class), with their true category. */
  const missed: { file: string; truth: string; reshot: Buffer; generic: string | null }[] = [];
  let recordBefore: unknown;

  beforeAll(async () => {
    t = await createTestApp({}, { dataDir, keepData: true });
    for (const p of labelledTestPhotos()) {
      const truth = categoryOfDatasetClass(p.cls);
      if (!truth) continue;
      if (missed.some((m) => m.truth === truth)) continue;
      const reshot = await reshoot(testPhoto(p.file));
      const a = await preview(t, reshot);
      if (a.category_guess !== truth) missed.push({ file: testPhoto(p.file), truth, reshot, generic: a.category_guess });
      if (missed.length === 3) break;
    }
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('names a new shot of a corrected garment the way the seller did, and says so', async () => {
    expect(missed).toHaveLength(3);
    const target = missed[0];
    const before = await preview(t, target.reshot);
    expect(before.category_guess).toBe(target.generic);
    expect(before.analysis.decisions ?? []).toEqual([]);

    // The seller saves each draft with the right category (a PATCH from the form: a confirmation).
    for (const m of missed) {
      const saved = (await postPhotos(t, [{ file: m.file, name: 'photo.jpg' }], { save: 'true' })).json() as Answer;
      const r = await t.app.inject({ method: 'PATCH', url: `/listings/${saved.item_id}`, ...json({ category: m.truth }) });
      expect(r.statusCode).toBe(200);
    }
    await t.ctx.sellerMemory.settled();
    const summary = (await t.app.inject({ method: 'GET', url: '/analysis/memory' })).json();
    expect(summary).toMatchObject({ photos: 3, items: 3 });

    const after = await preview(t, target.reshot);
    expect(after.category_guess).toBe(target.truth);
    expect(after.analysis.decisions).toContainEqual({ field: 'category', code: 'seller_memory', params: { value: target.truth, count: 1 } });
  }, 60_000);

  it('keeps a record of its disagreements with the classifier, and follows itself less when it was wrong', async () => {
    // The seller saves a new shot of the third garment under the category the classifier gave it: the memory (which
    // remembers that garment as something else) and the classifier disagreed on it, and the classifier was right.
    const m = missed[2];
    const saved = (await postPhotos(t, [{ buffer: m.reshot, name: 'photo.jpg' }], { save: 'true' })).json() as Answer;
    expect((await t.app.inject({ method: 'PATCH', url: `/listings/${saved.item_id}`, ...json({ category: m.generic }) })).statusCode).toBe(200);
    await t.ctx.sellerMemory.settled();
    const summary = (await t.app.inject({ method: 'GET', url: '/analysis/memory' })).json();
    expect(summary).toMatchObject({ photos: 4, items: 4, record: { memory_won: 0 } });
    expect(summary.record.generic_won).toBeGreaterThan(0);
    expect(summary.trust).toBeLessThan(1);
    recordBefore = summary;
  }, 60_000);

  it('survives a restart', async () => {
    await t.close();
    t = await createTestApp({}, { dataDir, keepData: true, ...(t.pgSchema ? { pgSchema: t.pgSchema } : {}) });
    expect((await t.app.inject({ method: 'GET', url: '/analysis/memory' })).json()).toEqual(recordBefore);
    const again = await preview(t, missed[0].reshot);
    expect(again.category_guess).toBe(missed[0].truth);
    expect(again.analysis.decisions?.[0]).toMatchObject({ field: 'category', code: 'seller_memory' });
  }, 60_000);

  it('forgets everything on reset', async () => {
    const r = await t.app.inject({ method: 'DELETE', url: '/analysis/memory' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ forgotten: 4 });
    expect((await t.app.inject({ method: 'GET', url: '/analysis/memory' })).json()).toEqual({ photos: 0, items: 0, categories: [], trust: 1, record: { memory_won: 0, generic_won: 0 } });
    const after = await preview(t, missed[0].reshot);
    expect(after.category_guess).toBe(missed[0].generic);
    expect(after.analysis.decisions ?? []).toEqual([]);
  }, 60_000);

  it("learns the seller's colour for what the pixels read on their photos (point 6)", async () => {
    const photo = missed[1].reshot;
    const seen = (await preview(t, photo)).color as string;
    const theirs = seen === 'green' ? 'red' : 'green';
    // Three items the pixels read as `seen`, each saved by the seller as `theirs` (their light, their word).
    for (let i = 0; i < 3; i++) {
      const saved = (await postPhotos(t, [{ buffer: photo, name: 'photo.jpg' }], { save: 'true' })).json() as Answer;
      expect((await t.app.inject({ method: 'PATCH', url: `/listings/${saved.item_id}`, ...json({ colors: [theirs] }) })).statusCode).toBe(200);
    }
    await t.ctx.sellerMemory.settled();
    const after = await preview(t, photo);
    expect(after.color).toBe(theirs);
    expect(after.analysis.decisions).toContainEqual({ field: 'color', code: 'seller_memory', params: { value: theirs, count: 3 } });
  }, 60_000);
});
