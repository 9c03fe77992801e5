import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { dimensionsOf, drawnPhoto, itemWithPhotos, meanAt } from './studio-fixtures.ts';

// The photo studio through the real app: edits stored as parameters, derivatives rendered from the kept original,
// served in place of the photo everywhere (GET /photos/{id} is what the listing, exports and Vinted read), reset,
// bad input refused with stable codes and nothing written, and a batch with one result per photo.
describe('photo editor', () => {
  let t: TestApp;
  let item: { itemId: string; photoIds: string[] };
  let other: { itemId: string; photoIds: string[] };
  const edit = (photoId: string, body: unknown, itemId = item.itemId) =>
    t.app.inject({ method: 'PUT', url: `/listings/${itemId}/photos/${photoId}/edit`, ...json(body) });
  const photo = (id: string, q = '') => t.app.inject({ method: 'GET', url: `/photos/${id}${q}` });

  beforeAll(async () => {
    t = await createTestApp();
    // A 12 MP photo (4000 × 3000): the intake keeps a full-resolution master beside the 1,600 px preview.
    item = await itemWithPhotos(t, [await drawnPhoto({ width: 4000, height: 3000 }), await drawnPhoto({ garment: '#8f1f1f' })]);
    other = await itemWithPhotos(t, [await drawnPhoto({ garment: '#1f8f3f' })], 'Autre article');
  }, 60_000);
  afterAll(async () => t?.close());

  it('serves the photo as sent until it is edited', async () => {
    const res = await photo(item.photoIds[0]);
    expect(res.statusCode).toBe(200);
    expect(await dimensionsOf(res.rawPayload)).toMatchObject({ width: 1600, height: 1200, format: 'jpeg' });
    const list = await t.app.inject({ method: 'GET', url: `/listings/${item.itemId}/photo-edits` });
    expect(list.json().photos.map((p: { edited: boolean }) => p.edited)).toEqual([false, false]);
  });

  it('renders a quarter turn with a 4:5 crop from the original and serves it in place of the photo', async () => {
    const res = await edit(item.photoIds[0], { rotate: 90, aspect: '4:5', auto: true, brightness: 10 });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ edited: true, params: { rotate: 90, aspect: '4:5', auto: true, brightness: 10 } });
    // The frame after the turn is 3000 × 4000; its largest centred 4:5 crop is 3000 × 3750, sent at 1,280 × 1,600.
    expect(body.params.crop.width).toBeCloseTo(1, 3);
    expect(body.params.crop.height).toBeCloseTo(0.9375, 3);
    const preview = await photo(item.photoIds[0]);
    expect(await dimensionsOf(preview.rawPayload)).toEqual({ width: 1280, height: 1600, format: 'jpeg' });
    const thumb = await photo(item.photoIds[0], '/thumb');
    const t400 = await dimensionsOf(thumb.rawPayload);
    expect([t400.height, t400.format]).toEqual([400, 'webp']);
    expect(Math.abs(t400.width - 320)).toBeLessThanOrEqual(1); // rendered from a 1/8 decode: a pixel of rounding
    // The original is still there, untouched.
    const original = await photo(item.photoIds[0], '?original=1');
    expect(await dimensionsOf(original.rawPayload)).toMatchObject({ width: 1600, height: 1200 });
    expect(original.headers.etag).not.toBe(preview.headers.etag);
    // Cached by content: asking again names the same bytes, and If-None-Match answers 304.
    const again = await t.app.inject({ method: 'GET', url: `/photos/${item.photoIds[0]}`, headers: { 'if-none-match': String(preview.headers.etag) } });
    expect(again.statusCode).toBe(304);
  });

  it('straightens, flips and changes the light', async () => {
    const before = await photo(item.photoIds[1], '?original=1');
    const res = await edit(item.photoIds[1], { straighten: -4.5, flip_h: true, brightness: 60, contrast: -20, saturation: -100, warmth: 30 });
    expect(res.statusCode).toBe(200);
    const after = await photo(item.photoIds[1]);
    // Same ratio as the photo (straightening crops to hide the corners), lighter, and grey (saturation −100).
    const d = await dimensionsOf(after.rawPayload);
    expect(d.width / d.height).toBeCloseTo(1200 / 900, 1);
    const [r0, g0, b0] = await meanAt(before.rawPayload, 0.5, 0.5);
    const [r1, g1, b1] = await meanAt(after.rawPayload, 0.5, 0.5);
    expect(r1 + g1 + b1).toBeGreaterThan(r0 + g0 + b0);
    expect(Math.max(r1, g1, b1) - Math.min(r1, g1, b1)).toBeLessThan(Math.max(r0, g0, b0) - Math.min(r0, g0, b0));
  });

  it('refuses bad edits with stable codes and writes nothing', async () => {
    const id = item.photoIds[0];
    const cases: [unknown, number, string][] = [
      [{ rotate: 400 }, 400, 'edit_angle_invalid'],
      [{ rotate: 45 }, 400, 'edit_angle_invalid'],
      [{ straighten: 30 }, 400, 'edit_angle_invalid'],
      [{ crop: { x: 0.8, y: 0, width: 0.5, height: 0.5 } }, 400, 'edit_crop_outside_photo'],
      [{ crop: { x: -0.1, y: 0, width: 0.5, height: 0.5 } }, 400, 'edit_crop_outside_photo'],
      [{ crop: { x: 0, y: 0, width: 0.5, height: 0.5 }, aspect: '1:1' }, 400, 'edit_crop_aspect_mismatch'],
      [{ brightness: 300 }, 400, 'edit_value_out_of_range'],
      [{ background: 'purple' }, 400, 'validation_failed'],
      // A setting the editor does not have (a script's typo) is named, not silently ignored with a 200.
      [{ exposure: -1e308 }, 400, 'validation_failed'],
      [{ crop: { x: 0, y: 0, width: 0.5, height: 0.5, zoom: 2 } }, 400, 'validation_failed'],
    ];
    for (const [body, status, code] of cases) {
      const res = await edit(id, body);
      expect([res.statusCode, res.json().error.code], JSON.stringify(body)).toEqual([status, code]);
    }
    expect((await edit(id, { exposure: 1 })).json().error.details.issues[0]).toMatchObject({ code: 'unrecognized_keys' });
    // A photo of another item, through this item: 404 photo_not_on_item; an unknown item: 404 item_not_found.
    const foreign = await edit(other.photoIds[0], { brightness: 10 });
    expect([foreign.statusCode, foreign.json().error.code]).toEqual([404, 'photo_not_on_item']);
    const noItem = await edit(id, { brightness: 10 }, '0190a0a0-0000-7000-8000-000000000000');
    expect([noItem.statusCode, noItem.json().error.code]).toEqual([404, 'item_not_found']);
    // The earlier edit is still the one stored.
    const kept = await t.app.inject({ method: 'GET', url: `/listings/${item.itemId}/photos/${id}/edit` });
    expect(kept.json().params).toMatchObject({ rotate: 90, aspect: '4:5' });
    const untouched = await t.app.inject({ method: 'GET', url: `/listings/${other.itemId}/photo-edits` });
    expect(untouched.json().photos[0].edited).toBe(false);
  });

  it('resets to the original', async () => {
    const id = item.photoIds[0];
    const original = await photo(id, '?original=1');
    const res = await t.app.inject({ method: 'DELETE', url: `/listings/${item.itemId}/photos/${id}/edit` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ edited: false });
    const now = await photo(id);
    expect(now.headers.etag).toBe(original.headers.etag);
    expect(Buffer.compare(now.rawPayload, original.rawPayload)).toBe(0);
  });

  it('applies one edit to all photos of several items, one result per photo', async () => {
    const start = await t.app.inject({
      method: 'POST', url: '/studio/batches',
      ...json({ item_ids: [item.itemId, other.itemId, '0190a0a0-0000-7000-8000-000000000001'], edit: { auto: true, aspect: '4:5' } }),
    });
    expect(start.statusCode).toBe(202);
    await t.ctx.jobs.idle();
    const status = (await t.app.inject({ method: 'GET', url: `/studio/batches/${start.json().job_id}` })).json();
    expect(status).toMatchObject({ state: 'completed', total: 4, done: 4, failed: 1 });
    const ok = status.results.filter((r: { ok: boolean }) => r.ok).map((r: { photo_id: string }) => r.photo_id).sort();
    expect(ok).toEqual([...item.photoIds, ...other.photoIds].sort());
    expect(status.results.find((r: { ok: boolean }) => !r.ok).error.code).toBe('item_not_found');
    for (const id of [...item.photoIds, ...other.photoIds]) {
      const d = await dimensionsOf((await photo(id)).rawPayload);
      expect(d.width / d.height).toBeCloseTo(0.8, 2);
    }
  });
});
