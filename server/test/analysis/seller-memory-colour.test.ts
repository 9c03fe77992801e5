import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SellerMemoryRepository } from '../../src/modules/analysis/memory/seller-memory.repository.ts';
import { SellerMemoryService, VERSION_CHECK_MS } from '../../src/modules/analysis/memory/seller-memory.service.ts';
import { sellerMemoryDb } from '../../src/modules/analysis/memory/seller-memory.tables.ts';
import { LOCAL_OWNER_ID, ownerScope } from '../../src/platform/security/owner-scope.ts';
import { HOST, inviteUser, setUpAdmin } from '../accounts/helpers.ts';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { TEST_PHOTOS, testPhoto } from '../helpers/test-photos.ts';
import { multipart } from '../ingest/ingest-helpers.ts';

// Issue 21 point 6 through the real app (SQLite, or PostgreSQL with DATABASE_URL): a seller whose lamp casts blue
// on everything photographs black garments that the generic colour names read as navy or blue. They correct the
// colour of a few items to black; the next black garment photographed under the same light is then called black,
// and the answer says the seller's memory decided. The reset forgets; another person's confirmations are not used;
// a second process notices the change. The committed sample's black garments are given the cast here, and which
// of them the generic names get wrong is asked of the app, not listed.

/** The seller's light: red and green damped, blue lifted (a cool LED over a dark floor). */
const underTheirLight = (file: string) => sharp(file).linear([0.8, 0.9, 1.35], [0, 2, 14]).jpeg({ quality: 90 }).toBuffer();

/** The sample's black garments (colours.csv: Noir, no second colour), in file order. */
function blackGarments(): string[] {
  return fs.readFileSync(path.join(TEST_PHOTOS, 'colours.csv'), 'utf8').trim().split('\n').slice(1)
    .map((l) => l.split(',')).filter((c) => c[2] === 'Noir (black)' && c[3] === '').map((c) => testPhoto(c[0])).sort();
}

type Answer = { item_id: string | null; color: string | null; analysis: { decisions?: { field: string; code: string; params: { value: string; count: number } }[] } };
type Send = (method: string, url: string, body?: { payload: Buffer | string; headers: Record<string, string> }) => Promise<{ statusCode: number; json: () => any }>;

const sender = (t: TestApp, headers: Record<string, string> = {}): Send => (method, url, body) =>
  t.app.inject({ method: method as 'GET', url, ...(body ? { payload: body.payload } : {}), headers: { ...headers, ...(body?.headers ?? {}) } });
const preview = async (send: Send, buffer: Buffer) => (await send('POST', '/ingest/photos', multipart([{ buffer, name: 'photo.jpg' }], { save: 'false' }))).json() as Answer;
/** Saves a draft from the photo and corrects its colour, as the seller does in the form. */
async function confirmColour(send: Send, buffer: Buffer, colour: string) {
  const saved = (await send('POST', '/ingest/photos', multipart([{ buffer, name: 'photo.jpg' }], { save: 'true' }))).json() as Answer;
  const r = await send('PATCH', `/listings/${saved.item_id}`, json({ colors: [colour] }));
  expect(r.statusCode).toBe(200);
}

/** The cast photos of black garments the generic names do not call black, with what they call them. */
async function missedBlacks(send: Send) {
  const out: { buffer: Buffer; generic: string }[] = [];
  for (const file of blackGarments()) {
    const buffer = await underTheirLight(file);
    const a = await preview(send, buffer);
    if (a.color && a.color !== 'black') out.push({ buffer, generic: a.color });
  }
  return out;
}

describe("seller's memory: colour under the seller's light", () => {
  let t: TestApp;
  let send: Send;
  let missed: { buffer: Buffer; generic: string }[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    send = sender(t);
    missed = await missedBlacks(send);
  }, 120_000);
  afterAll(async () => { await t?.close(); });

  it('calls the next black garment black once the seller corrected a few, and says the memory decided', async () => {
    expect(missed.length).toBeGreaterThanOrEqual(4);
    const [target, ...rest] = missed;
    for (const m of rest) await confirmColour(send, m.buffer, 'black');
    await t.ctx.sellerMemory.settled();

    const after = await preview(send, target.buffer);
    expect(after.color).toBe('black');
    const decision = after.analysis.decisions?.find((d) => d.field === 'color');
    expect(decision).toMatchObject({ code: 'seller_memory', params: { value: 'black' } });
    expect(decision!.params.count).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it('notices in another process that the memory changed (version in the database)', async () => {
    let clock = 0;
    const other = new SellerMemoryService({
      repo: new SellerMemoryRepository(sellerMemoryDb(t.ctx.db)), listings: { get: () => Promise.reject(new Error('unused')) },
      photos: { file: () => Promise.reject(new Error('unused')) }, log: pino({ level: 'silent' }), now: () => clock,
    });
    await ownerScope.run(LOCAL_OWNER_ID, async () => {
      await other.ready();
      const before = other.size;
      expect(before).toBeGreaterThanOrEqual(3);
      expect((await send('DELETE', '/analysis/memory')).json()).toEqual({ forgotten: before });
      // Within the second it trusts what it holds; after it, the stored version says the memory changed.
      await other.ready();
      expect(other.size).toBe(before);
      clock += VERSION_CHECK_MS;
      await other.ready();
      expect(other.size).toBe(0);
    });
  }, 60_000);

  it('forgets on reset: the pixels decide again', async () => {
    const again = await preview(send, missed[0].buffer);
    expect(again.color).toBe(missed[0].generic);
    expect(again.analysis.decisions?.find((d) => d.field === 'color')).toBeUndefined();
  }, 60_000);
});

describe("seller's memory: one person's colours are theirs alone", () => {
  let t: TestApp;
  afterAll(async () => { await t?.close(); });

  it("does not use another person's confirmations", async () => {
    t = await createTestApp({ AUTH_MODE: 'accounts', PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
    const admin = await setUpAdmin(t);
    const bea = await inviteUser(t, admin, 'bea@example.org', 'bea-password-123');
    const tokenOf = async (b: typeof admin) => (await b.post('/auth/tokens', { name: 'test' })).json().token as string;
    const asAdmin = sender(t, { host: HOST, authorization: `Bearer ${await tokenOf(admin)}` });
    const asBea = sender(t, { host: HOST, authorization: `Bearer ${await tokenOf(bea)}` });

    const missed = await missedBlacks(asAdmin);
    expect(missed.length).toBeGreaterThanOrEqual(4);
    const [target, ...rest] = missed;
    for (const m of rest) await confirmColour(asAdmin, m.buffer, 'black');
    await t.ctx.sellerMemory.settled();

    expect((await preview(asAdmin, target.buffer)).color).toBe('black');
    const theirs = await preview(asBea, target.buffer);
    expect(theirs.color).toBe(target.generic);
    expect(theirs.analysis.decisions?.find((d) => d.field === 'color')).toBeUndefined();
    expect((await asBea('GET', '/analysis/memory')).json()).toMatchObject({ photos: 0 });
  }, 180_000);
});
