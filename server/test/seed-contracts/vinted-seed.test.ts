import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  browserSuite, enablePublication, json, makeItem, publish, requireChromium, vintedWorld, type VintedWorld,
} from '../vinted/vinted-fixtures.ts';

// The seeds' Vinted requests sent as they write them (issue 15, points 4, 5 and 14), against the fake Vinted site in
// Chromium: the older session body, Vinted's own category path as a hint, the singular /vinted/listing/… routes,
// prepare's refusals in the one error shape, GET /vinted/listings, and a price changed here reaching Vinted.
const browser = browserSuite();
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let w: VintedWorld;
beforeAll(async () => {
  if (!browser) return;
  requireChromium();
  w = await vintedWorld();
});
afterAll(async () => w?.close());

const post = (url: string, body: unknown) => w.t.app.inject({ method: 'POST', url, ...json(body) });

async function stagePhoto(): Promise<string> {
  const jpeg = fs.readFileSync(fs.readdirSync(path.join(w.t.dataDir, 'photos'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.preview.jpg')).map((e) => path.join(e.parentPath, e.name))[0]);
  const b = 'SeedBoundary';
  const up = await w.t.app.inject({
    method: 'POST', url: '/vinted/photos/upload', headers: { 'content-type': `multipart/form-data; boundary=${b}` },
    payload: Buffer.concat([Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`), jpeg, Buffer.from(`\r\n--${b}--\r\n`)]),
  });
  expect(up.statusCode, up.body).toBe(200);
  return up.json().photo.temp_id;
}

describe.skipIf(!browser)('the seeds\' Vinted requests, sent as written', () => {
  it('POST /vinted/auth/session {"cookie_value": …} answers the older fields beside ours', async () => {
    const res = await post('/vinted/auth/session', { cookie_value: w.cookie });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      ok: true, persisted: true, username: 'marie_dressing', verified: true,
      session_id: expect.any(String), valid: true, created_at: expect.any(String), note: expect.stringContaining('marie_dressing'),
    });
    // Our own body answers our own fields only.
    const ours = (await post('/vinted/auth/session', { cookie: w.cookie, user_agent: w.userAgent, expires_at: null })).json();
    expect(ours.session_id).toBeUndefined();
  });

  it('prepare\'s refusals use the one error shape, and keep the seeds\' fields', async () => {
    await enablePublication(w.t, { hourly_write_budget: 200 });
    const res = await post('/vinted/listings/prepare', { title: 'Sweat gris', price: 20, description: 'Sweat gris, taille M.', photos: [], dry_run: true });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({
      ok: false, reason: 'not_ready', missing_fields: expect.arrayContaining(['too_few_photos']),
      error: { code: 'not_ready', message: expect.any(String), details: { missing_fields: expect.any(Array) }, request_id: expect.any(String) },
    });
  });

  it('POST /vinted/listing/prepare with "category_hint":"Homme > Sweats", then POST /vinted/listing/publish', async () => {
    await makeItem(w.t); // photos in the store, for the staged one
    const temp = await stagePhoto();
    const res = await post('/vinted/listing/prepare', {
      title: 'Sweat Nike gris homme', price: 22, description: 'Sweat Nike gris, taille L, bon état.', brand: 'Nike', size: 'L', condition: 'bon',
      color: 'gris', category_hint: 'Homme > Sweats', photos: [temp], dry_run: true,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ ok: true, dry_run: true, confirm_token: expect.any(String), preview_url: expect.stringContaining('/items/new'), screenshot_b64: expect.any(String) });
    // The men's leaf the picker offers for "Sweats" (a women's one of the same name exists).
    expect(body.draft_context.filled.category).toMatchObject({ id: 267 });
    const pub = await w.t.app.inject({ method: 'POST', url: '/vinted/listing/publish', ...json({ confirm_token: body.confirm_token, dry_run: true }) });
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json()).toEqual({ account_id: expect.any(String), ok: true, dry_run: true });
  });

  it('a price changed here shows as not yet on Vinted, is put on the listing through its edit form, and the Vinted CSV has it', async () => {
    const item = await makeItem(w.t, { title: 'Pull col rond Ralph Lauren L', size: 'L', price: 45 });
    const prepared = (await post('/vinted/listings/prepare', { draft_id: item.id })).json();
    const pub = await publish(w.t, { confirm_token: prepared.confirm_token, dry_run: false });
    expect(pub.json()).toMatchObject({ ok: true, listing_id: expect.any(String) });
    const listingId = Number(pub.json().listing_id);
    let shown = (await w.t.app.inject({ method: 'GET', url: `/listings/${item.id}` })).json();
    expect(shown.vinted).toMatchObject({ listing_id: String(listingId), price: 45, price_pending: false });

    // The price drops here (an edit; the nightly drop writes the same way).
    await w.t.app.inject({ method: 'PATCH', url: `/listings/${item.id}`, ...json({ price: 39 }) });
    shown = (await w.t.app.inject({ method: 'GET', url: `/listings/${item.id}` })).json();
    expect(shown.vinted).toMatchObject({ price: 45, price_pending: true });
    const list = (await w.t.app.inject({ method: 'GET', url: '/vinted/listings' })).json();
    expect(list.pending_prices).toBeGreaterThanOrEqual(1);
    expect(list.listings.find((l: { item_id: string }) => l.item_id === item.id)).toMatchObject({ price: 39, vinted_price: 45, price_pending: true, url: expect.stringContaining(`/items/${listingId}`) });
    // Our Vinted CSV carries the new price, for whatever applies it next (a spreadsheet, the browser extension).
    const rows = parse((await w.t.app.inject({ method: 'GET', url: '/export/vinted' })).body, { columns: true, bom: true }) as Record<string, string>[];
    expect(Number(rows.find((r) => r.titre === 'Pull col rond Ralph Lauren L')!.prix.replace(',', '.'))).toBe(39);

    // Dry run by default: the edit form is filled, nothing saved.
    const dry = await post(`/vinted/listings/${item.id}/price`, {});
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ ok: true, dry_run: true, price: 39, vinted_price: 45, shown_before: 45 });
    expect(w.fake.edits).toHaveLength(0);
    const real = await post(`/vinted/listings/${item.id}/price`, { dry_run: false });
    expect(real.json()).toMatchObject({ ok: true, dry_run: false, price: 39, vinted_price: 39 });
    expect(w.fake.edits).toEqual([{ id: listingId, price: 39 }]);
    expect((w.fake.items.get(listingId)!.payload as { price: number }).price).toBe(39);
    expect((await w.t.app.inject({ method: 'GET', url: `/listings/${item.id}` })).json().vinted).toMatchObject({ price: 39, price_pending: false });
    const log = (await w.t.app.inject({ method: 'GET', url: '/vinted/publish/log?action=price' })).json();
    expect(log.entries.map((e: { dry_run: boolean; outcome: string }) => [e.dry_run, e.outcome])).toEqual([[false, 'ok'], [true, 'ok']]);

    // The publish queue does the same for the next change, under the same pace (here out of dry run).
    await w.t.app.inject({ method: 'PATCH', url: '/vinted/settings', ...json({ dry_run: false }) });
    await w.t.app.inject({ method: 'PATCH', url: `/listings/${item.id}`, ...json({ price: 35 }) });
    const pass = (await post('/vinted/publish/queue/run', {})).json();
    expect(pass.processed).toEqual(expect.arrayContaining([{ item_id: item.id, state: 'price_updated' }]));
    expect(w.fake.edits.at(-1)).toEqual({ id: listingId, price: 35 });
    expect((await w.t.app.inject({ method: 'GET', url: `/listings/${item.id}` })).json().vinted.price_pending).toBe(false);
    // A challenge on the edit form stops at once: needs_manual, nothing saved.
    await w.t.app.inject({ method: 'PATCH', url: `/listings/${item.id}`, ...json({ price: 33 }) });
    w.fake.setFault({ kind: 'datadome', on: ['edit'] });
    try {
      const stopped = (await post(`/vinted/listings/${item.id}/price`, { dry_run: false })).json();
      expect(stopped).toMatchObject({ needs_manual: true });
      expect(w.fake.edits.at(-1)).toEqual({ id: listingId, price: 35 });
    } finally {
      w.fake.setFault(null);
    }
  });
});
