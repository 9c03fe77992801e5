import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { craftZip } from '../helpers/zip-craft.ts';
import { readZip } from '../helpers/zip-read.ts';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { dimensionsOf, drawnPhoto, itemWithPhotos } from '../studio/studio-fixtures.ts';
import { multipartFile } from './multipart.ts';

// A backup carries the photo studio's work: each edit's parameters and the full-resolution master the intake kept,
// so a restored edit renders as sharp as before (not from the 1,600 px preview) on another machine.
let apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps) await a.close();
  apps = [];
});
const app = async () => {
  const a = await createTestApp({ PRICE_DROP_CRON: 'off' });
  apps.push(a);
  return a;
};
const restore = (t: TestApp, zip: Buffer, query = '') =>
  t.app.inject({ method: 'POST', url: `/import/backup${query}`, ...multipartFile(zip, 'backup.zip', 'application/zip') });
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
// The top-left quarter of a 4000 × 3000 photo: 2000 × 1500 px of master, sent at 1,600 × 1,200. From the 1,600 px
// preview the same crop has only 800 × 600 px to give (the renderer never enlarges).
const QUARTER = { crop: { x: 0, y: 0, width: 0.5, height: 0.5 }, brightness: 12 };

describe('backups and the photo studio', () => {
  it('carry each edit and its master, so the restored edit renders from full resolution', async () => {
    const a = await app();
    const { itemId, photoIds } = await itemWithPhotos(a, [await drawnPhoto({ width: 4000, height: 3000 })], 'Veste en jean');
    const put = await a.app.inject({ method: 'PUT', url: `/listings/${itemId}/photos/${photoIds[0]}/edit`, ...json(QUARTER) });
    expect(put.statusCode, put.body).toBe(200);
    const before = await a.app.inject({ method: 'GET', url: `/photos/${photoIds[0]}` });
    expect(await dimensionsOf(before.rawPayload)).toMatchObject({ width: 1600, height: 1200 });

    const zip = (await a.app.inject({ method: 'GET', url: '/export/backup' })).rawPayload;
    const entries = await readZip(zip);
    const names = [...entries.keys()];
    expect(names.filter((n) => n.endsWith('.original.jpg'))).toHaveLength(1);
    const master = entries.get(names.find((n) => n.endsWith('.original.jpg'))!)!;
    expect(await dimensionsOf(master)).toMatchObject({ width: 4000, height: 3000 });
    const edits = entries.get('stock/photo_edits.jsonl')!.toString().trim().split('\n').map((l) => JSON.parse(l));
    expect(edits).toMatchObject([{ photo_id: photoIds[0], item_id: itemId }]);
    expect(JSON.parse(edits[0].params)).toMatchObject({ brightness: 12, crop: { x: 0, y: 0, width: 0.5, height: 0.5 } });

    const b = await app();
    const dry = await restore(b, zip, '?dry_run=true');
    expect(dry.json()).toMatchObject({ dry_run: true, photo_edits: 1 });
    const done = await restore(b, zip);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ items: { restored: 1 }, photo_edits: 1, photos: { rows_restored: 1, files_restored: 3 } });
    const edit = (await b.app.inject({ method: 'GET', url: `/listings/${itemId}/photos/${photoIds[0]}/edit` })).json();
    expect(edit).toMatchObject({ edited: true, params: { brightness: 12, crop: { x: 0, y: 0, width: 0.5, height: 0.5 } } });
    const after = await b.app.inject({ method: 'GET', url: `/photos/${photoIds[0]}` });
    expect(await dimensionsOf(after.rawPayload)).toMatchObject({ width: 1600, height: 1200 });
    expect(sha(after.rawPayload)).toBe(sha(before.rawPayload));
    // Reset on the restored copy gives back the untouched photo.
    expect((await b.app.inject({ method: 'DELETE', url: `/listings/${itemId}/photos/${photoIds[0]}/edit` })).statusCode).toBe(200);
    const reset = await b.app.inject({ method: 'GET', url: `/photos/${photoIds[0]}` });
    expect(sha(reset.rawPayload)).not.toBe(sha(before.rawPayload));

    // A replace restore puts the edit back over the reset.
    const replaced = await restore(b, zip, '?mode=replace');
    expect(replaced.json()).toMatchObject({ mode: 'replace', photo_edits: 1 });
    expect(sha((await b.app.inject({ method: 'GET', url: `/photos/${photoIds[0]}` })).rawPayload)).toBe(sha(before.rawPayload));
  }, 60_000);

  it('refuses a backup whose edit the editor would refuse, naming it, and restores nothing', async () => {
    const a = await app();
    const { itemId, photoIds } = await itemWithPhotos(a, [await drawnPhoto({ width: 1200, height: 900 })]);
    await a.app.inject({ method: 'PUT', url: `/listings/${itemId}/photos/${photoIds[0]}/edit`, ...json({ rotate: 90 }) });
    const entries = await readZip((await a.app.inject({ method: 'GET', url: '/export/backup' })).rawPayload);
    const row = JSON.parse(entries.get('stock/photo_edits.jsonl')!.toString());
    const tamper = (params: object) => {
      const all = new Map(entries);
      all.set('stock/photo_edits.jsonl', Buffer.from(`${JSON.stringify({ ...row, params: JSON.stringify(params) })}\n`));
      const manifest = JSON.parse(all.get('manifest.json')!.toString());
      for (const [n, d] of all) if (n !== 'manifest.json') manifest.files[n] = { sha256: sha(d), bytes: d.length };
      all.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
      return craftZip([...all].map(([name, data]) => ({ name, data })));
    };

    const b = await app();
    for (const [params, code] of [[{ rotate: 400 }, 'edit_angle_invalid'], [{ crop: { x: 0.8, y: 0, width: 0.5, height: 0.5 } }, 'edit_crop_outside_photo']] as const) {
      const res = await restore(b, tamper(params));
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().error).toMatchObject({ code: 'backup_invalid_row', details: { entry: 'stock/photo_edits.jsonl', line: 1, rows: [{ field: 'params', message: expect.stringContaining(code) }] } });
    }
    expect((await b.app.inject({ method: 'GET', url: '/listings/all' })).json()).toEqual([]);
  }, 60_000);
});
