import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { drawnPhoto, itemWithPhotos, meanAt } from './studio-fixtures.ts';

// "Fond blanc" replaces the floor and leaves the garment's pixels as they were; a busy bedspread is left as it is,
// with the reason. The shop stamp is off by default and, once on, marks the photo sent to Vinted (the preview).
describe('background and shop stamp', () => {
  let t: TestApp;
  let item: { itemId: string; photoIds: string[] };
  const photo = (id: string, q = '') => t.app.inject({ method: 'GET', url: `/photos/${id}${q}` });

  beforeAll(async () => {
    t = await createTestApp();
    item = await itemWithPhotos(t, [await drawnPhoto(), await drawnPhoto({ busy: true, garment: '#202020' }), await drawnPhoto({ offFrame: true }), await drawnPhoto({ hem: '#83725f' })]);
  }, 60_000);
  afterAll(async () => t?.close());

  it('whitens the floor around the garment and keeps the garment as it was', async () => {
    const [id] = item.photoIds;
    const before = (await photo(id, '?original=1')).rawPayload;
    const res = await t.app.inject({ method: 'PUT', url: `/listings/${item.itemId}/photos/${id}/edit`, ...json({ background: 'white' }) });
    expect(res.statusCode).toBe(200);
    expect(res.json().background_skipped).toBeNull();
    const after = (await photo(id)).rawPayload;
    for (const [x, y] of [[0.05, 0.05], [0.95, 0.05], [0.05, 0.95], [0.95, 0.95]]) {
      expect((await meanAt(after, x, y)).every((c) => c >= 250), `corner ${x},${y}`).toBe(true);
    }
    const garmentBefore = await meanAt(before, 0.5, 0.55, 20);
    const garmentAfter = await meanAt(after, 0.5, 0.55, 20);
    garmentAfter.forEach((c, i) => expect(Math.abs(c - garmentBefore[i])).toBeLessThanOrEqual(4));
  });

  it('leaves a busy background as it is and says why', async () => {
    const id = item.photoIds[1];
    const res = await t.app.inject({ method: 'PUT', url: `/listings/${item.itemId}/photos/${id}/edit`, ...json({ background: 'neutral' }) });
    expect(res.statusCode).toBe(200);
    expect(String(res.json().background_skipped)).toMatch(/^(background_too_busy|background_not_found|garment_like_background|garment_fills_frame|garment_too_small|garment_off_frame|garment_near_background)$/);
  });

  it('leaves a garment cut by the frame as it is: its edge colours were learnt as floor', async () => {
    const id = item.photoIds[2];
    const before = await photo(id);
    const res = await t.app.inject({ method: 'PUT', url: `/listings/${item.itemId}/photos/${id}/edit`, ...json({ background: 'white' }) });
    expect(res.statusCode).toBe(200);
    expect(res.json().background_skipped).toBe('garment_off_frame');
    const after = (await photo(id)).rawPayload;
    // The floor is still there in the far corner: nothing was whitened.
    expect((await meanAt(after, 0.95, 0.95)).every((c) => c < 230)).toBe(true);
    expect(before.statusCode).toBe(200);
  });

  it('leaves a garment whose hem is nearly the floor\'s colour as it is, rather than whiten the hem', async () => {
    const id = item.photoIds[3];
    const res = await t.app.inject({ method: 'PUT', url: `/listings/${item.itemId}/photos/${id}/edit`, ...json({ background: 'white' }) });
    expect(res.statusCode).toBe(200);
    expect(res.json().background_skipped).toBe('garment_near_background');
    const after = (await photo(id)).rawPayload;
    // The hem (a darker shade of the floor) is still there, and so is the floor.
    expect((await meanAt(after, 0.5, 0.77, 10)).every((c) => c < 200)).toBe(true);
    expect((await meanAt(after, 0.95, 0.95)).every((c) => c < 230)).toBe(true);
  });

  it('stamps the photo sent to Vinted only once the seller turns it on', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/settings/watermark' })).json()).toMatchObject({ enabled: false });
    const id = item.photoIds[1];
    const before = await photo(id);
    const put = await t.app.inject({ method: 'PUT', url: '/settings/watermark', ...json({ enabled: true, text: 'Chez <Léa> & co', position: 'bottom-right', opacity: 0.8 }) });
    expect(put.statusCode).toBe(200);
    const stamped = await photo(id);
    expect(stamped.headers.etag).not.toBe(before.headers.etag);
    // The bottom-right corner carries the stamp; the top-left one is as it was.
    expect(await meanAt(stamped.rawPayload, 0.9, 0.93, 40)).not.toEqual(await meanAt(before.rawPayload, 0.9, 0.93, 40));
    expect(await meanAt(stamped.rawPayload, 0.1, 0.1, 20)).toEqual(await meanAt(before.rawPayload, 0.1, 0.1, 20));
    const bad = await t.app.inject({ method: 'PUT', url: '/settings/watermark', ...json({ opacity: 3 }) });
    expect(bad.statusCode).toBe(400);
    // An unknown setting is refused, and the stamp stays as it was.
    const unknown = await t.app.inject({ method: 'PUT', url: '/settings/watermark', ...json({ enabled: false, colour: 'red' }) });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([400, 'validation_failed']);
    expect((await t.app.inject({ method: 'GET', url: '/settings/watermark' })).json()).toMatchObject({ enabled: true, opacity: 0.8 });
  });
});
