import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signConfirmToken } from '../../src/modules/vinted/confirm-token.ts';
import { enablePublication, json, makeItem, makePhotos, prepare, publish, saveSession, vintedWorld, type VintedWorld } from './vinted-fixtures.ts';

// Everything that must be refused before a browser starts: publication off, an item that fails the gates, photos
// that are not ours, no session, bad tokens, a budget that cannot fit. The fake site must see no form request.

let w: VintedWorld;
beforeAll(async () => {
  w = await vintedWorld();
});
afterAll(async () => w.close());

const formRequests = () => w.fake.requests.filter((r) => r.path === '/items/new' || r.method === 'POST').length;

describe('publication is off until the seller turns it on', () => {
  it('starts off, dry-run, with the Terms notice to read', async () => {
    const s = (await w.t.app.inject({ method: 'GET', url: '/vinted/settings' })).json();
    expect(s).toMatchObject({ publication_enabled: false, terms_acknowledged_at: null, dry_run: true, hourly_write_budget: 20, prefer_vinted_draft: false });
    expect(s.terms_notice).toMatch(/Terms of Use forbid external bots and automated tools/);
  });

  it('refuses prepare, draft and publish while off, before anything else', async () => {
    const item = await makeItem(w.t);
    const p = await prepare(w.t, { draft_id: item.id });
    expect(p.statusCode).toBe(403);
    expect(p.json().error).toMatchObject({ code: 'publication_disabled' });
    expect(p.json().error.details.terms_notice).toMatch(/restricted/);
    const d = await w.t.app.inject({ method: 'POST', url: '/vinted/listings/draft', ...json({ draft_id: item.id }) });
    expect(d.json().error.code).toBe('publication_disabled');
    expect(formRequests()).toBe(0);
  });

  it('turns on only with the explicit acknowledgement', async () => {
    const without = await w.t.app.inject({ method: 'PATCH', url: '/vinted/settings', ...json({ publication_enabled: true }) });
    expect(without.statusCode).toBe(400);
    expect(without.json().error.code).toBe('terms_not_acknowledged');
    const wrong = await w.t.app.inject({ method: 'PATCH', url: '/vinted/settings', ...json({ publication_enabled: true, acknowledge_terms: false }) });
    expect(wrong.statusCode).toBe(400);
    const on = await enablePublication(w.t);
    expect(on).toMatchObject({ publication_enabled: true, dry_run: true, terms_notice_version: expect.any(String) });
    expect(Date.parse(on.terms_acknowledged_at)).toBeGreaterThan(0);
    const bad = await w.t.app.inject({ method: 'PATCH', url: '/vinted/settings', ...json({ hourly_write_budget: 0 }) });
    expect(bad.statusCode).toBe(400);
  });
});

describe('refusals before any browser action', () => {
  it('answers not_ready with every missing field for an item that fails the gates', async () => {
    await saveSession(w);
    const item = (await w.t.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Jupe', price: 1, description: 'x' }) })).json();
    const res = await prepare(w.t, { draft_id: item.id });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({
      // Every answer names the Vinted account it acted for (the active one).
      account_id: expect.any(String),
      ok: false, reason: 'not_ready', missing_fields: expect.arrayContaining(['title_too_short', 'description_too_short', 'missing_condition', 'missing_category', 'too_few_photos']),
      // The one error shape beside the seeds' fields.
      error: { code: 'not_ready', message: expect.stringContaining('title_too_short'), details: { missing_fields: expect.any(Array) }, request_id: expect.any(String) },
    });
    expect(formRequests()).toBe(0);
  });

  it('checks Vinted limits on ad-hoc listings too', async () => {
    const res = await prepare(w.t, { title: 'Pull Zara laine', price: 12, description: 'Pull en laine', color: ['navy', 'black', 'red'], photos: [] });
    expect(res.json()).toMatchObject({ ok: false, reason: 'not_ready', missing_fields: expect.arrayContaining(['too_many_colours', 'too_few_photos', 'missing_category', 'missing_condition']) });
    const both = await prepare(w.t, { draft_id: '01900000-0000-7000-8000-000000000000', title: 'Pull Zara laine' });
    expect(both.statusCode).toBe(400);
    const missing = await prepare(w.t, { draft_id: '01900000-0000-7000-8000-000000000000' });
    expect(missing.statusCode).toBe(404);
    expect(formRequests()).toBe(0);
  });

  it('refuses photos that are not ours: paths, URLs, unknown ids, files outside the store', async () => {
    const base = { title: 'Pull Zara laine', price: 12, description: 'Pull en laine', condition: 'good', category_hint: 'pull', size: 'M' };
    for (const photos of [['/etc/passwd'], ['../../secret.key'], ['https://example.com/a.jpg'], ['01900000-0000-7000-8000-00000000abcd']]) {
      const res = await prepare(w.t, { ...base, photos });
      expect(res.statusCode, JSON.stringify(photos)).toBe(400);
      expect(res.json().error.code).toBe('photo_not_ours');
    }
    // A photo row whose file is a link leading out of the store.
    const [id] = await makePhotos(w.t, 1);
    const row = await w.t.ctx.db.selectFrom('photos').select('sha256').where('id', '=', id).executeTakeFirstOrThrow();
    const file = path.join(w.t.dataDir, 'photos', row.sha256.slice(0, 2), `${row.sha256}.preview.jpg`);
    const outside = path.join(path.dirname(w.t.dataDir), `outside-${row.sha256.slice(0, 8)}.jpg`);
    fs.renameSync(file, outside);
    fs.symlinkSync(outside, file);
    try {
      const res = await prepare(w.t, { ...base, photos: [id] });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('photo_not_ours');
    } finally {
      fs.rmSync(file);
      fs.rmSync(outside);
    }
    expect(formRequests()).toBe(0);
  });

  it('stages uploads: images only, served back by temp id', async () => {
    const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#335577' } }).jpeg().toBuffer();
    const form = (name: string, type: string, data: Buffer) => {
      const b = 'XbOuNdArY';
      const payload = Buffer.concat([Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="photo"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`), data, Buffer.from(`\r\n--${b}--\r\n`)]);
      return { payload, headers: { 'content-type': `multipart/form-data; boundary=${b}` } };
    };
    const ok = await w.t.app.inject({ method: 'POST', url: '/vinted/photos/upload', ...form('a.jpg', 'image/jpeg', jpeg) });
    expect(ok.statusCode, ok.body).toBe(200);
    const photo = ok.json().photo;
    expect(photo).toMatchObject({ temp_id: expect.any(String), url: `/vinted/photos/${photo.temp_id}`, bytes: jpeg.length });
    const back = await w.t.app.inject({ method: 'GET', url: photo.url });
    expect(back.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.compare(back.rawPayload, jpeg)).toBe(0);
    const text = await w.t.app.inject({ method: 'POST', url: '/vinted/photos/upload', ...form('a.jpg', 'image/jpeg', Buffer.from('not an image at all, only text')) });
    expect(text.statusCode).toBe(415);
    const notMultipart = await w.t.app.inject({ method: 'POST', url: '/vinted/photos/upload', ...json({}) });
    expect(notMultipart.statusCode).toBe(415);
    // A JPEG cut short has the right first bytes but would fail in Vinted's form: refused here, 422 invalid_image.
    const staged = () => fs.readdirSync(path.join(w.t.dataDir, 'vinted', 'staged')).sort();
    const before = staged();
    const cut = await w.t.app.inject({ method: 'POST', url: '/vinted/photos/upload', ...form('cut.jpg', 'image/jpeg', jpeg.subarray(0, Math.floor(jpeg.length / 2))) });
    expect([cut.statusCode, cut.json().error.code]).toEqual([422, 'invalid_image']);
    // Two files in one request: refused whole (the first is not kept), never the first taken and the second dropped.
    const b = 'TwOfIlEs';
    const part = (n: string) => Buffer.concat([Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="photo"; filename="${n}"\r\nContent-Type: image/jpeg\r\n\r\n`), jpeg, Buffer.from('\r\n')]);
    const two = await w.t.app.inject({ method: 'POST', url: '/vinted/photos/upload', payload: Buffer.concat([part('1.jpg'), part('2.jpg'), Buffer.from(`--${b}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${b}` } });
    expect([two.statusCode, two.json().error.code]).toEqual([413, 'too_many_files']);
    expect(staged()).toEqual(before);
    expect((await w.t.app.inject({ method: 'GET', url: '/vinted/photos/01900000-0000-7000-8000-00000000abcd' })).statusCode).toBe(404);
  });

  it('needs a session (401) and a budget that can fit the photos', async () => {
    const item = await makeItem(w.t);
    await w.t.app.inject({ method: 'DELETE', url: '/vinted/auth/session' });
    const none = await prepare(w.t, { draft_id: item.id });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('no_session');
    await saveSession(w);
    await w.t.app.inject({ method: 'PATCH', url: '/vinted/settings', ...json({ hourly_write_budget: 2 }) });
    const small = await prepare(w.t, { draft_id: item.id });
    expect(small.statusCode).toBe(422);
    expect(small.json().error.code).toBe('write_budget_too_small');
    await w.t.app.inject({ method: 'PATCH', url: '/vinted/settings', ...json({ hourly_write_budget: 20 }) });
    expect(formRequests()).toBe(0);
  });

  it('refuses forged, expired, foreign-draft and unknown confirm tokens', async () => {
    const item = await makeItem(w.t);
    const box = w.t.ctx.vinted!.deps.box;
    const forged = await publish(w.t, { confirm_token: 'eyJ2IjoxfQ.c2lnbmF0dXJl', dry_run: false }, 'k-forged');
    expect(forged.statusCode).toBe(400);
    expect(forged.json().error.code).toBe('invalid_confirm_token');
    const expired = signConfirmToken(box, { jti: 'x', draft_id: item.id, content_hash: 'h', exp: Date.now() - 1000 });
    expect((await publish(w.t, { confirm_token: expired, dry_run: false })).json().error.code).toBe('confirm_token_expired');
    // Signed by us but naming a prepare that never happened.
    const unknown = signConfirmToken(box, { jti: '01900000-0000-7000-8000-000000000001', draft_id: item.id, content_hash: 'h', exp: Date.now() + 60_000 });
    expect((await publish(w.t, { confirm_token: unknown, dry_run: false })).json().error.code).toBe('invalid_confirm_token');
    const other = await publish(w.t, { confirm_token: unknown, dry_run: false, draft_id: '01900000-0000-7000-8000-0000000000ff' });
    expect(other.statusCode).toBe(400);
    expect(other.json().error.code).toBe('confirm_token_mismatch');
    const badKey = await w.t.app.inject({ method: 'POST', url: '/vinted/listings/publish', payload: JSON.stringify({ confirm_token: unknown }), headers: { 'content-type': 'application/json', 'idempotency-key': 'spaces are not allowed' } });
    expect(badKey.statusCode).toBe(400);
    expect(badKey.json().error.code).toBe('invalid_idempotency_key');
    expect(formRequests()).toBe(0);
    const log = (await w.t.app.inject({ method: 'GET', url: '/vinted/publish/log' })).json();
    expect(log.entries.filter((e: { action: string }) => e.action === 'publish')).toEqual([]);
  });
});

describe('housekeeping', () => {
  it('forgets prepared forms a day past expiry and week-old idempotency answers, nothing newer', async () => {
    const d = w.t.ctx.vinted!.deps;
    const day = 24 * 60 * 60_000;
    const iso = (ms: number) => new Date(Date.now() + ms).toISOString();
    const prepared = (id: string, expires: number) => ({ id, item_id: null, content_hash: 'h', state: 'prepared', owner: 'test', filled: '{}', warnings: '[]', listing_id: null, listing_url: null, created_at: iso(expires - 30 * 60_000), expires_at: iso(expires), updated_at: iso(expires) });
    await d.db.insertInto('vinted_prepared').values([prepared('old-form', -2 * day), prepared('recent-form', -60_000)]).execute();
    const key = (k: string, at: number, state = 'done') => ({ key: k, request_hash: 'r', state, status_code: 200, response: '{}', created_at: iso(at), updated_at: iso(at) });
    await d.db.insertInto('vinted_idempotency').values([key('old-key', -8 * day), key('recent-key', -day), key('stuck-key', -8 * day, 'in_flight')]).execute();
    const purged = await w.t.ctx.vinted!.publication.purgeStale();
    expect(purged).toEqual({ prepared: 1, idempotency: 1 });
    expect((await d.db.selectFrom('vinted_prepared').select('id').where('id', 'in', ['old-form', 'recent-form']).execute()).map((r) => r.id)).toEqual(['recent-form']);
    expect((await d.db.selectFrom('vinted_idempotency').select('key').where('key', 'in', ['old-key', 'recent-key', 'stuck-key']).orderBy('key').execute()).map((r) => r.key)).toEqual(['recent-key', 'stuck-key']);
  });
});
