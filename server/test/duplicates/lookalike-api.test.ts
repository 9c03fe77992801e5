import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOOKALIKE_MIN_SIMILARITY } from '../../src/modules/duplicates/lookalike-match.ts';
import type { EventEnvelope } from '../../src/platform/events.ts';
import { HOST, inviteUser, setUpAdmin } from '../accounts/helpers.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { makeVariant, rng } from '../helpers/photo-variants.ts';
import { testPhoto } from '../helpers/test-photos.ts';
import { multipart, postPhotos, type Upload } from '../ingest/ingest-helpers.ts';

// The look-alike check behind the perceptual hash (issue 21 point 5), through the real intake: POST /ingest/photos
// decodes, analyses and embeds each photo, then asks the duplicate check. Photos from the committed sample (CC0,
// server/test/fixtures/photos/SOURCE.md): two pairs of blue trousers, different garments of the same class and colour.
const JEANS = testPhoto('pants/56526f67-a471-4560-8e96-ac84c47706b9.jpg');
const OTHER_BLUE_JEANS = testPhoto('pants/7dc9022e-5c1b-4d8e-8b36-8790f15f4b6d.jpg');
/** The jeans' photo cropped 8–10 % on every side and saved again: out of the hash's reach. */
const recropped = async (): Promise<Upload> => ({ buffer: await makeVariant(JEANS, { kind: 'crop', crop: { min: 0.08, max: 0.1 } }, rng(7)), name: 'jean-recadre.jpg' });

type Match = { item_id: string; reason: string; score: number; check?: string; evidence?: { check?: string; similarity?: number; hash_distance?: number } };
const imageMatchesOf = (b: { duplicate_of: Match[] }, itemId: string) => b.duplicate_of.filter((m) => m.item_id === itemId && m.reason === 'image');

describe('look-alike duplicates (single seller)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
  });
  afterAll(async () => t?.close());

  it('reports a re-cropped copy of an item\'s photo as a duplicate of that item, found by the look-alike check', async () => {
    const first = await postPhotos(t, [{ file: JEANS }], { brand: "Levi's", size: 'W32', condition: 'good' });
    expect(first.statusCode).toBe(201);
    const original = first.json();
    expect(original.possible_duplicate).toBe(false);

    const detected: EventEnvelope<'duplicate.detected'>[] = [];
    const off = t.ctx.events.on('duplicate.detected', (e) => detected.push(e));
    // Another brand, so the titles cannot match: only the photo can say it is the same article.
    const again = await postPhotos(t, [await recropped()], { brand: 'Zara', size: 'W30', condition: 'good' });
    off();
    expect(again.statusCode).toBe(201);
    const b = again.json();
    expect(b.possible_duplicate).toBe(true);
    const [m] = imageMatchesOf(b, original.item_id);
    expect(m).toMatchObject({ reason: 'image', check: 'lookalike', evidence: { check: 'lookalike', matched_photo_id: original.photos[0].id } });
    expect(m.evidence!.similarity).toBeGreaterThanOrEqual(LOOKALIKE_MIN_SIMILARITY);
    expect(m.score).toBe(m.evidence!.similarity);
    expect(m.evidence!.hash_distance).toBeUndefined();

    // Kept on the item and announced with the check that found it (the console line stays the one sellers know).
    const item = (await t.app.inject({ method: 'GET', url: `/listings/${b.item_id}` })).json();
    expect(item.duplicate_of).toContainEqual({ item_id: original.item_id, reason: 'image', score: m.score, check: 'lookalike' });
    expect(detected.map((e) => e.data.matches)).toEqual([[{ item_id: original.item_id, reason: 'image', score: m.score, check: 'lookalike' }]]);
    expect(t.lines).toContain(`⚠️ Duplicate detected for "${b.title}"`);

    // POST /duplicates/check says the same of the stored item.
    const check = (await t.app.inject({ method: 'POST', url: '/duplicates/check', payload: { item_id: b.item_id } })).json();
    expect(check.matches.find((x: Match) => x.item_id === original.item_id)).toMatchObject({ reason: 'image', evidence: { check: 'lookalike' } });
  });

  it('does not take another pair of blue trousers for the same article', async () => {
    const res = await postPhotos(t, [{ file: OTHER_BLUE_JEANS }], { brand: 'Kiabi', size: 'W40', condition: 'good' });
    expect(res.statusCode).toBe(201);
    expect(res.json().duplicate_of.filter((m: Match) => m.reason === 'image')).toEqual([]);
  });
});

describe('look-alike duplicates across owners (accounts mode)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ AUTH_MODE: 'accounts', PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
  });
  afterAll(async () => t?.close());

  const ingestAs = (token: string, uploads: Upload[], fields: Record<string, string>) => {
    const body = multipart(uploads, fields);
    return t.app.inject({ method: 'POST', url: '/ingest/photos', payload: body.payload, headers: { ...body.headers, host: HOST, authorization: `Bearer ${token}` } });
  };

  it("never matches another owner's photo, though the same owner's copy is matched", async () => {
    const admin = await setUpAdmin(t);
    const bea = await inviteUser(t, admin, 'bea@example.org', 'bea-password-123');
    const adminToken = (await admin.post('/auth/tokens', { name: 'test' })).json().token;
    const beaToken = (await bea.post('/auth/tokens', { name: 'test' })).json().token;

    const original = (await ingestAs(adminToken, [{ file: JEANS }], { brand: "Levi's", size: 'W32' })).json();
    expect(original.item_id).toEqual(expect.any(String));
    const copy = await recropped();

    const beas = await ingestAs(beaToken, [copy], { brand: 'Zara', size: 'W30' });
    expect(beas.statusCode).toBe(201);
    expect(beas.json()).toMatchObject({ possible_duplicate: false, duplicate_of: [] });

    const admins = (await ingestAs(adminToken, [copy], { brand: 'Zara', size: 'W30' })).json();
    expect(imageMatchesOf(admins, original.item_id)).toMatchObject([{ check: 'lookalike' }]);
  });
});
