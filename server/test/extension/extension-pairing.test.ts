import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { makeItem } from '../vinted/vinted-fixtures.ts';

// Pairing the browser extension and what its token may do, through the real perimeter (Host check, cross-site
// guard, API token) and the real routes: a one-time code, a scoped token stored hashed, the extension's origin
// accepted only with that token and only on the extension's routes, revocation.

const EXT_ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const FIREFOX_ORIGIN = 'moz-extension://0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';

async function pair(t: TestApp, headers: Record<string, string> = {}): Promise<{ token: string; token_id: string }> {
  const code = await t.app.inject({ method: 'POST', url: '/extension/pairing-codes', ...json({}), headers: { ...json({}).headers, ...headers } });
  expect(code.statusCode, code.body).toBe(200);
  const res = await t.app.inject({ method: 'POST', url: '/extension/pair', payload: { code: code.json().code.toLowerCase(), name: 'Chromium de Marie' }, headers: { origin: EXT_ORIGIN } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('extension pairing (no API_TOKEN)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({}, { runJobs: false });
  });
  afterAll(() => t.close());

  it('gives a short code that expires in minutes and is single-use; the token is stored hashed', async () => {
    const code = await t.app.inject({ method: 'POST', url: '/extension/pairing-codes', ...json({}) });
    const { code: shown, expires_at } = code.json();
    expect(shown).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const ttl = Date.parse(expires_at) - Date.now();
    expect(ttl).toBeGreaterThan(5 * 60_000);
    expect(ttl).toBeLessThanOrEqual(10 * 60_000);

    const ok = await t.app.inject({ method: 'POST', url: '/extension/pair', payload: { code: ` ${shown.replace('-', ' ')} ` }, headers: { origin: FIREFOX_ORIGIN } });
    expect(ok.statusCode, ok.body).toBe(200);
    const { token, scopes } = ok.json();
    expect(token).toMatch(/^vbx_[A-Za-z0-9_-]{43}$/);
    expect(scopes).toEqual(['drafts:read', 'photos:read', 'outcomes:write', 'prices:read', 'wardrobe:write', 'sales:write']);

    const again = await t.app.inject({ method: 'POST', url: '/extension/pair', payload: { code: shown }, headers: { origin: FIREFOX_ORIGIN } });
    expect(again.statusCode).toBe(403);
    expect(again.json().error.code).toBe('pairing_code_invalid');

    const rows = await t.ctx.db.selectFrom('extension_tokens' as never).selectAll().execute() as { token_hash: string }[];
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows.some((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });

  it('burns the open code after ten wrong ones, and a new code replaces the old', async () => {
    const first = (await t.app.inject({ method: 'POST', url: '/extension/pairing-codes', ...json({}) })).json().code;
    const second = (await t.app.inject({ method: 'POST', url: '/extension/pairing-codes', ...json({}) })).json().code;
    const stale = await t.app.inject({ method: 'POST', url: '/extension/pair', payload: { code: first }, headers: { origin: EXT_ORIGIN } });
    expect(stale.statusCode).toBe(403);
    for (let i = 0; i < 9; i++) {
      const wrong = await t.app.inject({ method: 'POST', url: '/extension/pair', payload: { code: 'AAAA-AAAA' }, headers: { origin: EXT_ORIGIN } });
      expect(wrong.statusCode).toBe(403);
    }
    const burnt = await t.app.inject({ method: 'POST', url: '/extension/pair', payload: { code: second }, headers: { origin: EXT_ORIGIN } });
    expect(burnt.statusCode).toBe(403);
  });

  it("accepts the extension's origin only with its token, only on its routes, and a web page never", async () => {
    const { token } = await pair(t);
    const auth = { authorization: `Bearer ${token}` };
    const item = await makeItem(t);
    const body = { outcome: 'listed', item_id: item.id, listing_id: '4100000001', url: 'https://www.vinted.fr/items/4100000001-pull' };

    // Without the token the extension's origin is another site: refused before any route.
    const bare = await t.app.inject({ method: 'POST', url: '/extension/outcomes', payload: body, headers: { origin: EXT_ORIGIN } });
    expect(bare.statusCode).toBe(403);
    expect(bare.json().error.code).toBe('cross_site_request');
    // A forged token is no better.
    const forged = await t.app.inject({ method: 'POST', url: '/extension/outcomes', payload: body, headers: { origin: EXT_ORIGIN, authorization: 'Bearer vbx_forged' } });
    expect(forged.json().error.code).toBe('cross_site_request');
    // The token on a web page of another site: still refused.
    const page = await t.app.inject({ method: 'POST', url: '/extension/outcomes', payload: body, headers: { origin: 'https://evil.example', ...auth } });
    expect(page.json().error.code).toBe('cross_site_request');
    // The extension's origin with its token, on one of the app's other routes: refused.
    const other = await t.app.inject({ method: 'PATCH', url: `/listings/${item.id}`, payload: { price: 1 }, headers: { origin: EXT_ORIGIN, ...auth } });
    expect(other.json().error.code).toBe('cross_site_request');
    // Nor may it pair another browser or revoke anything.
    const code = await t.app.inject({ method: 'POST', url: '/extension/pairing-codes', payload: {}, headers: { origin: EXT_ORIGIN, ...auth } });
    expect(code.json().error.code).toBe('cross_site_request');

    const ok = await t.app.inject({ method: 'POST', url: '/extension/outcomes', payload: body, headers: { origin: EXT_ORIGIN, ...auth } });
    expect(ok.statusCode, ok.body).toBe(200);
    const listed = (await t.app.inject({ method: 'GET', url: `/listings/${item.id}` })).json();
    expect(listed.status).toBe('listed');
    expect(listed.vinted).toMatchObject({ listing_id: '4100000001', url: 'https://www.vinted.fr/items/4100000001-pull' });
  });

  it('lists ready drafts with a cover, gives the fill in Vinted terms and serves only the draft\'s photos', async () => {
    const { token } = await pair(t);
    const auth = { authorization: `Bearer ${token}` };
    const item = await makeItem(t, { title: 'Sweat à capuche Nike noir L', category: 'hoodie', brand: 'Nike', size: 'L', colors: ['black', 'grey'], gender: 'men', condition: 'good', price: 22.5 });
    const notReady = await t.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Jupe' }) });
    expect(notReady.statusCode).toBe(201);

    expect((await t.app.inject({ method: 'GET', url: '/extension/drafts' })).statusCode).toBe(401);
    const list = await t.app.inject({ method: 'GET', url: '/extension/drafts?q=capuche', headers: auth });
    expect(list.statusCode, list.body).toBe(200);
    const drafts = list.json().drafts;
    expect(drafts.map((d: { id: string }) => d.id)).toEqual([item.id]);
    expect(drafts[0].cover_url).toBe(`/extension/drafts/${item.id}/photos/${(item.photos[0] as unknown as { id: string }).id}?size=thumb`);
    const all = (await t.app.inject({ method: 'GET', url: '/extension/drafts', headers: auth })).json().drafts;
    expect(all.map((d: { id: string }) => d.id)).not.toContain(notReady.json().id);

    const fill = (await t.app.inject({ method: 'GET', url: `/extension/drafts/${item.id}`, headers: auth })).json();
    expect(fill).toMatchObject({
      title: 'Sweat à capuche Nike noir L', brand: 'Nike', size: 'L', price: 22.5, condition: { vinted_id: 3, fr: 'Bon état' },
      catalog_id: 267, category: { key: 'hoodie' },
    });
    expect(fill.colours.map((c: { id: number }) => c.id)).toEqual([1, 3]);
    expect(fill.photos).toHaveLength(3);

    const thumb = await t.app.inject({ method: 'GET', url: drafts[0].cover_url, headers: auth });
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toMatch(/^image\//);
    const photo = await t.app.inject({ method: 'GET', url: fill.photos[0].url, headers: auth });
    expect(photo.headers['content-type']).toBe('image/jpeg');
    const stranger = await makeItem(t);
    const notHers = await t.app.inject({ method: 'GET', url: `/extension/drafts/${item.id}/photos/${(stranger.photos[0] as unknown as { id: string }).id}`, headers: auth });
    expect(notHers.statusCode).toBe(404);
  });

  it('revoking a paired extension stops its token at once', async () => {
    const { token, token_id } = await pair(t);
    const auth = { authorization: `Bearer ${token}` };
    expect((await t.app.inject({ method: 'GET', url: '/extension/me', headers: auth })).statusCode).toBe(200);
    const list = (await t.app.inject({ method: 'GET', url: '/extension/tokens' })).json().tokens;
    expect(list.find((x: { id: string }) => x.id === token_id)).toMatchObject({ name: 'Chromium de Marie' });
    expect(JSON.stringify(list)).not.toContain(token);
    const del = await t.app.inject({ method: 'DELETE', url: `/extension/tokens/${token_id}` });
    expect(del.statusCode, del.body).toBe(200);
    const after = await t.app.inject({ method: 'GET', url: '/extension/me', headers: auth });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('extension_token_invalid');
    expect((await t.app.inject({ method: 'DELETE', url: `/extension/tokens/${token_id}` })).statusCode).toBe(404);
  });
});

describe('extension pairing with API_TOKEN', () => {
  const API_TOKEN = 'a-long-api-token-for-tests-0123456789';
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ API_TOKEN }, { runJobs: false });
  });
  afterAll(() => t.close());

  it('lets the pairing claim and the extension routes through with the extension token, and nothing else', async () => {
    // Showing a code is the seller's (the app's token or session); claiming it is the extension's.
    expect((await t.app.inject({ method: 'POST', url: '/extension/pairing-codes', ...json({}) })).statusCode).toBe(401);
    const { token } = await pair(t, { authorization: `Bearer ${API_TOKEN}` });
    const auth = { authorization: `Bearer ${token}`, origin: EXT_ORIGIN };
    expect((await t.app.inject({ method: 'GET', url: '/extension/drafts', headers: auth })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/listings', headers: auth })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/extension/tokens', headers: auth })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/extension/drafts', headers: { authorization: 'Bearer vbx_nope' } })).statusCode).toBe(401);
  });
});
