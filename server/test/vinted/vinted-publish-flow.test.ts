import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { browserSuite, json, makeItem, prepare, publish, publishingWorld, type VintedWorld } from './vinted-fixtures.ts';

// Drives Chromium: skipped, saying so, where it is missing (CI has it).
const browser = browserSuite();

// Prepare → publish in Chromium against the fake Vinted: the form filled and read back, the same page continued
// at publish, idempotency under concurrency, the item marked listed, every attempt in the log.

// A real browser on a shared 2-core machine: generous per-test time (never asserted on).
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let w: VintedWorld;
beforeAll(async () => {
  if (!browser) return;
  w = await publishingWorld();
});
afterAll(async () => w?.close());

describe('two-phase publication', () => {
  let item: Awaited<ReturnType<typeof makeItem>>;
  let token: string;

  it('prepares: fills the whole form, reads it back, screenshots it, and publishes nothing', async () => {
    item = await makeItem(w.t);
    const res = await prepare(w.t, { draft_id: item.id });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ ok: true, dry_run: true, item_id: item.id, preview_url: `${w.fake.url}/items/new`, confirm_token: expect.any(String) });
    expect(body.draft_context.warnings).toEqual([]);
    expect(body.draft_context.filled).toEqual({
      title: 'Pull col rond Ralph Lauren M', description: expect.stringContaining('laine mérinos'),
      category: { id: 1917, label: 'Pulls' }, brand: 'Ralph Lauren', size: 'M', condition: { id: 2, label: 'Très bon état' },
      colours: { ids: [27], label: 'Marine' }, price: '45,00 €', price_cents: 4500, package_size: 2, photos: 3,
    });
    const png = Buffer.from(body.screenshot_b64, 'base64');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    fs.mkdirSync('test-artifacts', { recursive: true });
    fs.writeFileSync(path.join('test-artifacts', 'vinted-prepared-form.png'), png);
    // The photos went up one by one (three writes); nothing was created.
    expect(w.fake.count('photos', 'POST')).toBe(3);
    expect(w.fake.items.size + w.fake.drafts.size).toBe(0);
    token = body.confirm_token;
  });

  it('dry-run publish checks the prepared form and clicks nothing', async () => {
    const res = await publish(w.t, { confirm_token: token });
    expect(res.json()).toEqual({ account_id: expect.any(String), ok: true, dry_run: true });
    expect(w.fake.count('publish')).toBe(0);
  });

  it('publishes for real by continuing the prepared page (no new form), once', async () => {
    const pagesBefore = w.fake.count('page');
    const uploadsBefore = w.fake.count('photos');
    const res = await publish(w.t, { confirm_token: token, dry_run: false, draft_id: item.id }, 'pub-key-1');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ ok: true, dry_run: false, listing_id: expect.stringMatching(/^\d+$/), listing_url: `${w.fake.url}/items/${body.listing_id}` });
    // Publish opened no new form and uploaded nothing again: it clicked on the page prepare filled.
    expect(w.fake.count('page')).toBe(pagesBefore);
    expect(w.fake.count('photos')).toBe(uploadsBefore);
    const created = w.fake.items.get(Number(body.listing_id))!;
    expect(created.payload).toMatchObject({
      title: 'Pull col rond Ralph Lauren M', catalog_id: 1917, brand_id: 88, status_id: 2, color_ids: [27], price: 45, package_size_id: 2,
      assigned_photos: [{ id: expect.any(Number) }, { id: expect.any(Number) }, { id: expect.any(Number) }],
    });
    expect(created.rawBody).not.toContain('push_up');
    // The browser does not hide that it is automated.
    expect(created.webdriver).toBe(true);
    const stored = (await w.t.app.inject({ method: 'GET', url: `/listings/${item.id}` })).json();
    expect(stored).toMatchObject({ status: 'listed', vinted: { listing_id: body.listing_id, url: body.listing_url } });
    expect(stored.listed_at).not.toBeNull();

    // The same key answers the stored result; the same token with another key is a replay.
    const again = await publish(w.t, { confirm_token: token, dry_run: false }, 'pub-key-1');
    expect(again.json()).toEqual(body);
    const replay = await publish(w.t, { confirm_token: token, dry_run: false }, 'pub-key-2');
    expect(replay.statusCode).toBe(409);
    expect(replay.json().error.code).toBe('confirm_token_used');
    expect(w.fake.items.size).toBe(1);
    // And the item cannot be prepared again.
    expect((await prepare(w.t, { draft_id: item.id })).statusCode).toBe(409);

    const log = (await w.t.app.inject({ method: 'GET', url: `/vinted/publish/log?item_id=${item.id}` })).json();
    // Every attempt is there, the refused replay too (it reached nothing, so it holds no key and no write).
    expect(log.entries.map((e: { action: string; outcome: string; dry_run: boolean; reason: string | null }) => [e.action, e.outcome, e.dry_run, e.reason])).toEqual([
      ['publish', 'rejected', false, 'confirm_token_used'], ['publish', 'ok', false, null], ['publish', 'ok', true, null], ['prepare', 'ok', true, null],
    ]);
    expect(log.entries[0]).toMatchObject({ idempotency_key: null, writes: 0 });
    expect(log.entries[1]).toMatchObject({ idempotency_key: 'pub-key-1', listing_id: body.listing_id, writes: 1, source: 'api' });
    expect(log.entries[3]).toMatchObject({ writes: 3 });
  });

  it('publishes exactly once when twenty calls share one Idempotency-Key', async () => {
    const it2 = await makeItem(w.t, { title: 'Jean Levis 501 W32 bleu brut' , category: 'jeans', size: 'W32', brand: "Levi's", colors: ['blue'], price: 30 });
    const p = (await prepare(w.t, { draft_id: it2.id })).json();
    expect(p.ok, JSON.stringify(p.draft_context)).toBe(true);
    const before = w.fake.items.size;
    const answers = await Promise.all(Array.from({ length: 20 }, () => publish(w.t, { confirm_token: p.confirm_token, dry_run: false }, 'twenty-at-once')));
    expect(w.fake.items.size).toBe(before + 1);
    expect(w.fake.count('publish')).toBe(2);
    const ok = answers.filter((a) => a.statusCode === 200);
    const busy = answers.filter((a) => a.statusCode === 409);
    expect(ok.length + busy.length).toBe(20);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ok.map((a) => a.json().listing_id)).size).toBe(1);
    for (const b of busy) expect(b.json().error.code).toBe('idempotency_in_flight');
    const rows = await w.t.ctx.vinted!.deps.db.selectFrom('vinted_idempotency').selectAll().where('key', '=', 'twenty-at-once').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].state).toBe('done');
  });

  it('refuses to publish an item edited after prepare, and a token for another draft', async () => {
    const it3 = await makeItem(w.t, { title: 'Veste en jean Zara bleue', category: 'jacket', brand: 'Zara', size: 'S', price: 25, colors: ['light_blue'] });
    const p = (await prepare(w.t, { draft_id: it3.id })).json();
    expect(p.ok).toBe(true);
    const other = await publish(w.t, { confirm_token: p.confirm_token, dry_run: false, draft_id: item.id });
    expect(other.json().error.code).toBe('confirm_token_mismatch');
    await w.t.app.inject({ method: 'PATCH', url: `/listings/${it3.id}`, ...json({ price: 22 }) });
    const before = w.fake.count('publish');
    const changed = await publish(w.t, { confirm_token: p.confirm_token, dry_run: false }, 'edited');
    expect(changed.statusCode).toBe(409);
    expect(changed.json().error.code).toBe('content_changed');
    expect(w.fake.count('publish')).toBe(before);
    // Refused before acting: the key stays free for a later, valid call.
    expect(await w.t.ctx.vinted!.deps.db.selectFrom('vinted_idempotency').selectAll().where('key', '=', 'edited').execute()).toEqual([]);
  });

  it('never opens a fresh form when the prepared one is gone', async () => {
    const it4 = await makeItem(w.t, { title: 'Robe longue fleurie Kiabi', category: 'dress', brand: 'Kiabi', size: '38', price: 15, colors: ['multi'] });
    const p = (await prepare(w.t, { draft_id: it4.id })).json();
    await w.t.ctx.vinted!.deps.pool.release(JSON.parse(Buffer.from(p.confirm_token.split('.')[0], 'base64url').toString()).jti);
    const pages = w.fake.count('page');
    const res = await publish(w.t, { confirm_token: p.confirm_token, dry_run: false });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('prepared_form_gone');
    expect((await publish(w.t, { confirm_token: p.confirm_token })).json().error.code).toBe('prepared_form_gone');
    expect(w.fake.count('page')).toBe(pages);
  });

  it('prepares an ad-hoc listing from staged photos, through a renamed field (fallback, with a warning)', async () => {
    const jpeg = fs.readFileSync(fs.readdirSync(path.join(w.t.dataDir, 'photos'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.preview.jpg')).map((e) => path.join(e.parentPath, e.name))[0]);
    const b = 'BoUnDaRy';
    const up = await w.t.app.inject({
      method: 'POST', url: '/vinted/photos/upload', headers: { 'content-type': `multipart/form-data; boundary=${b}` },
      payload: Buffer.concat([Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="photo"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`), jpeg, Buffer.from(`\r\n--${b}--\r\n`)]),
    });
    const tempId = up.json().photo.temp_id;
    w.fake.setFault({ kind: 'renamed_title', on: ['page'] });
    try {
      const res = await prepare(w.t, { title: 'T-shirt Nike blanc logo', price: 9.5, description: 'T-shirt Nike blanc, taille L, bon état.', brand: 'Nike', size: 'L', condition: 'Bon état', color: 'white', category_hint: 't-shirt', photos: [tempId] });
      const body = res.json();
      expect(res.statusCode, res.body).toBe(200);
      expect(body.draft_context.filled).toMatchObject({ title: 'T-shirt Nike blanc logo', category: { id: 221 }, price_cents: 950, package_size: 1, photos: 1 });
      expect(body.draft_context.warnings).toEqual([expect.stringContaining('selector: title found through a fallback')]);
      const before = w.fake.items.size;
      const pub = await publish(w.t, { confirm_token: body.confirm_token, dry_run: false });
      expect(pub.json()).toMatchObject({ ok: true, listing_id: expect.any(String) });
      expect(w.fake.items.size).toBe(before + 1);
    } finally {
      w.fake.setFault(null);
    }
  });

  it('saves as a Vinted draft instead of publishing', async () => {
    const it5 = await makeItem(w.t, { title: 'Sweat à capuche Carhartt gris', category: 'hoodie', brand: 'Carhartt', size: 'L', price: 35, colors: ['grey'] });
    const items = w.fake.items.size;
    const dry = await w.t.app.inject({ method: 'POST', url: '/vinted/listings/draft', ...json({ draft_id: it5.id }) });
    expect(dry.json()).toMatchObject({ ok: true, dry_run: true, vinted_draft_id: null });
    expect(w.fake.drafts.size).toBe(0);
    const real = await w.t.app.inject({ method: 'POST', url: '/vinted/listings/draft', ...json({ draft_id: it5.id, dry_run: false }) });
    expect(real.statusCode, real.body).toBe(200);
    const body = real.json();
    expect(body).toMatchObject({ ok: true, dry_run: false, vinted_draft_id: expect.stringMatching(/^\d+$/) });
    expect(w.fake.drafts.get(Number(body.vinted_draft_id))!.payload).toMatchObject({ title: 'Sweat à capuche Carhartt gris', catalog_id: 196, brand_id: 362 });
    expect(w.fake.items.size).toBe(items);
    expect((await w.t.app.inject({ method: 'GET', url: `/listings/${it5.id}` })).json().status).toBe('draft');
  });

  it("files a men's hoodie under the men's leaf, and the same hoodie without a gender under the women's", async () => {
    const men = await makeItem(w.t, { title: 'Sweat à capuche Nike noir', category: 'hoodie', brand: 'Nike', size: 'L', price: 30, colors: ['black'], gender: 'men' });
    const prepared = await prepare(w.t, { draft_id: men.id });
    expect(prepared.statusCode, prepared.body).toBe(200);
    expect(prepared.json().draft_context.filled.category).toEqual({ id: 267, label: 'Sweats à capuche' });
    const unknown = await makeItem(w.t, { title: 'Sweat à capuche Nike gris', category: 'hoodie', brand: 'Nike', size: 'L', price: 30, colors: ['grey'] });
    expect((await prepare(w.t, { draft_id: unknown.id })).json().draft_context.filled.category.id).toBe(196);
  });

  it('launches Chromium with only the agreed flags', async () => {
    const form = await w.t.ctx.vinted!.deps.pool.open('flags-check', w.fake.url, []);
    try {
      await form.page.goto('chrome://version');
      const cmd = (await form.page.locator('#command_line').innerText()).split(/\s+/);
      for (const flag of ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']) expect(cmd).toContain(flag);
      expect(cmd.join(' ')).not.toMatch(/AutomationControlled|--disable-web-security|--user-agent/);
      expect(await form.page.evaluate(() => navigator.webdriver)).toBe(true);
    } finally {
      await w.t.ctx.vinted!.deps.pool.release('flags-check');
    }
  });
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const uploaded = () => [...w.fake.photos.values()].map((p) => p.sha256);

// What the photo studio makes is what Vinted gets: the connector uploads the edited rendering of a photo (the same
// bytes GET /photos/{id} serves), not the photo as it was sent, and the original again once the edit is reset.
describe('an edited photo on Vinted', () => {
  it('uploads the edited rendering into the form, then the original once the edit is reset', async () => {
    const item = await makeItem(w.t);
    const first = (item.photos as unknown as { id: string }[])[0].id;
    const original = (await w.t.app.inject({ method: 'GET', url: `/photos/${first}` })).rawPayload;
    const put = await w.t.app.inject({ method: 'PUT', url: `/listings/${item.id}/photos/${first}/edit`, ...json({ rotate: 90, brightness: 15 }) });
    expect(put.statusCode, put.body).toBe(200);
    const edited = (await w.t.app.inject({ method: 'GET', url: `/photos/${first}` })).rawPayload;
    expect(sha(edited)).not.toBe(sha(original));

    const res = await prepare(w.t, { draft_id: item.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(uploaded()).toContain(sha(edited));
    expect(uploaded()).not.toContain(sha(original));

    expect((await w.t.app.inject({ method: 'DELETE', url: `/listings/${item.id}/photos/${first}/edit` })).statusCode).toBe(200);
    w.fake.photos.clear();
    const again = await prepare(w.t, { draft_id: item.id });
    expect(again.statusCode, again.body).toBe(200);
    expect(uploaded()).toContain(sha(original));
    expect(uploaded()).not.toContain(sha(edited));
  });
});
