import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { multipartFile } from '../files/multipart.ts';
import { makeVariant, rng } from '../helpers/photo-variants.ts';
import { testPhoto } from '../helpers/test-photos.ts';
import { postPhotos } from '../ingest/ingest-helpers.ts';
import { bulkTestApp } from '../bulk/fixtures/bulk-test-app.ts';
import { files } from '../bulk/fixtures/multipart.ts';

// Photos that enter the stock by another door than POST /ingest/photos get their look-alike vectors too (issue 21
// point 5), so a re-cropped copy of them sent later is caught by the look-alike check, not only by the hash.
// Photos from the committed sample (CC0, server/test/fixtures/photos/SOURCE.md).
const JEANS = testPhoto('pants/56526f67-a471-4560-8e96-ac84c47706b9.jpg');
/** The photo cropped 8–10 % on every side and saved again: out of the hash's reach. */
const recropped = async (file: string, seed: number) => ({ buffer: await makeVariant(file, { kind: 'crop', crop: { min: 0.08, max: 0.1 } }, rng(seed)), name: 'recadre.jpg' });

type Match = { item_id: string; reason: string; check?: string };

describe('look-alike vectors of photos that came in by the bulk import', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bulkTestApp({ PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
  });
  afterAll(async () => t?.close());

  it('finds a re-cropped copy of a drafted bulk photo as a look-alike of that draft', async () => {
    const up = await t.app.inject({ method: 'POST', url: '/bulk/ingest/photos', ...files([{ filename: 'IMG_0001.JPG', bytes: fs.readFileSync(JEANS) }]) });
    expect(up.statusCode).toBe(200);
    const jobId = up.json().job_id;
    await t.ctx.jobs.idle();
    const plan = await t.app.inject({ method: 'POST', url: '/bulk/listings/plan', ...json({ job_id: jobId, defaults: { price: 25, condition: 'bon', publish: false } }) });
    expect(plan.statusCode).toBe(200);
    const run = (await t.app.inject({ method: 'POST', url: '/bulk/listings/execute', ...json({ plan_id: plan.json().plan_id, dry_run: true }) })).json();
    expect(run.results).toHaveLength(1);
    const drafted = run.results[0].item_id;
    expect(drafted).toEqual(expect.any(String));

    const again = await postPhotos(t, [await recropped(JEANS, 7)], { brand: 'Zara', size: 'W30', condition: 'good' });
    expect(again.statusCode).toBe(201);
    const b = again.json();
    expect(b.possible_duplicate).toBe(true);
    expect(b.duplicate_of.filter((m: Match) => m.item_id === drafted)).toMatchObject([{ reason: 'image', check: 'lookalike' }]);
  });
});

describe('look-alike vectors of photos attached by a CSV import, and of a restored backup', () => {
  const apps: TestApp[] = [];
  const app = async () => {
    const t = await createTestApp({ PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
    apps.push(t);
    return t;
  };
  afterAll(async () => {
    for (const t of apps) await t.close();
  });

  /** The look-alike matches of a re-cropped copy of the jeans sent through the intake. */
  const copyMatches = async (t: TestApp, seed: number) => {
    const res = await postPhotos(t, [await recropped(JEANS, seed)], { brand: 'Zara', size: 'W30', condition: 'good' });
    expect(res.statusCode).toBe(201);
    return (res.json().duplicate_of as Match[]).filter((m) => m.reason === 'image');
  };

  it('embeds the photos a CSV import attaches by id, after the import answered', async () => {
    const t = await app();
    // Stored by the photos module alone (POST /photos, or an earlier import): no vectors yet.
    const [photo] = await t.ctx.photos.ingestFiles([{ path: JEANS, filename: 'jean.jpg' }]);
    const res = await t.app.inject({ method: 'POST', url: '/import/csv', ...multipartFile(`titre;prix;statut;photos\nJean Levi's 501;25;brouillon;${photo.id}\n`) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 1 });
    const imported = (await t.app.inject({ method: 'GET', url: '/listings/all' })).json().find((i: { title: string }) => i.title === "Jean Levi's 501");
    await t.ctx.duplicates.idle(); // the background step that embeds them
    expect(await copyMatches(t, 11)).toMatchObject([{ item_id: imported.id, check: 'lookalike' }]);
  });

  it('embeds the photos of a restored backup', async () => {
    const source = await app();
    const [photo] = await source.ctx.photos.ingestFiles([{ path: JEANS, filename: 'jean.jpg' }]);
    const made = (await source.app.inject({ method: 'POST', url: '/listings', ...json({ title: "Jean Levi's 501", price: 25, photos: [photo.id] }) })).json();
    const zip = (await source.app.inject({ method: 'GET', url: '/export/backup' })).rawPayload;

    const t = await app();
    const res = await t.app.inject({ method: 'POST', url: '/import/backup', ...multipartFile(zip, 'backup.zip', 'application/zip') });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ items: { restored: 1 } });
    await t.ctx.duplicates.idle();
    expect(await copyMatches(t, 13)).toMatchObject([{ item_id: made.id, check: 'lookalike' }]);
  });
});
