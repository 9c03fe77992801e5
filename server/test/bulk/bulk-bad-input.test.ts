import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/test-app.ts';
import { bulkTestApp } from './fixtures/bulk-test-app.ts';
import { files, multipart } from './fixtures/multipart.ts';
import { craftZip } from '../helpers/zip-craft.ts';

// Every bad batch gets a clear answer; the good photos of a mixed batch are still processed; nothing is left
// behind by a refused batch and nothing is written outside the job's folder.
const HEIC = path.resolve(import.meta.dirname, '../photos/fixtures/t-shirt.heic');

async function jpeg(seed: number, w = 320, h = 240): Promise<Buffer> {
  const colour = { r: (seed * 53) % 255, g: (seed * 97) % 255, b: (seed * 151) % 255 };
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="${w}" height="${h}" fill="rgb(${colour.r},${colour.g},${colour.b})"/><circle cx="${(seed * 37) % w}" cy="${(seed * 23) % h}" r="${40 + (seed % 30)}" fill="#fff"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

const zipUpload = (zip: Buffer, name = 'photos.zip') => multipart([{ name: 'file', filename: name, contentType: 'application/zip', data: zip }]);

describe('bulk: bad input', () => {
  let t: TestApp;
  let photos: Buffer[];
  const bulkDir = () => path.join(t.dataDir, 'bulk');
  const jobFolders = () => (fs.existsSync(bulkDir()) ? fs.readdirSync(bulkDir()) : []);
  const status = async (id: string) => (await t.app.inject({ method: 'GET', url: `/bulk/status?job=${id}` })).json();

  beforeAll(async () => {
    t = await bulkTestApp({ BULK_MAX_FILES: '20' });
    photos = await Promise.all(Array.from({ length: 12 }, (_, i) => jpeg(i + 1)));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses an empty ZIP, a ZIP bomb, traversal and link entries, leaving nothing behind', async () => {
    const before = jobFolders().length;
    const cases: [Buffer, number, string][] = [
      [craftZip([]), 400, 'no_files'],
      [craftZip([{ name: 'bomb.jpg', data: Buffer.alloc(20 * 1024 * 1024), deflate: true }]), 413, 'zip_bomb'],
      [craftZip([{ name: 'ok.jpg', data: photos[0] }, { name: '../../evil.jpg', data: photos[1] }]), 400, 'zip_unsafe_entry'],
      [craftZip([{ name: '/etc/cron.d/evil', data: photos[1] }]), 400, 'zip_unsafe_entry'],
      [craftZip([{ name: '..\\..\\evil.jpg', data: photos[1] }]), 400, 'zip_unsafe_entry'],
      [craftZip([{ name: 'link.jpg', data: Buffer.from('/etc/passwd'), mode: 0o120777 }]), 400, 'zip_link_entry'],
      [craftZip(Array.from({ length: 21 }, (_, i) => ({ name: `IMG_${i}.jpg`, data: photos[i % 12] }))), 413, 'too_many_files'],
      [Buffer.from('this is not a zip at all'), 400, 'invalid_zip'],
    ];
    for (const [zip, status, code] of cases) {
      const res = await t.app.inject({ method: 'POST', url: '/bulk/ingest/zip', ...zipUpload(zip) });
      expect({ code: res.json().error?.code, status: res.statusCode }).toEqual({ code, status });
    }
    expect(jobFolders().length).toBe(before);
    expect(fs.existsSync(path.join(t.dataDir, '..', 'evil.jpg'))).toBe(false);
    const rows = await t.ctx.db.selectFrom('job_runs').select('id').where('kind', '=', 'bulk.analyse').execute();
    expect(rows.length).toBe(0);
  });

  it('refuses an entry whose real size differs from its header', async () => {
    const zip = craftZip([{ name: 'liar.jpg', data: Buffer.alloc(4 * 1024 * 1024, 1), deflate: true, declaredSize: 1000 }]);
    const res = await t.app.inject({ method: 'POST', url: '/bulk/ingest/zip', ...zipUpload(zip) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_zip');
  });

  it('refuses 21 files when the batch limit is 20, keeping nothing', async () => {
    const before = jobFolders().length;
    const res = await t.app.inject({ method: 'POST', url: '/bulk/ingest/photos', ...files(Array.from({ length: 21 }, (_, i) => ({ filename: `IMG_${i}.jpg`, bytes: photos[i % 12] }))) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'too_many_files', details: { max_files: 20 } });
    expect(jobFolders().length).toBe(before);
  });

  it('processes the photos of a batch mixed with PDFs, an empty file and a truncated HEIC, and says why the rest failed', async () => {
    const heic = fs.readFileSync(HEIC);
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    const body = multipart([
      ...photos.slice(0, 4).map((b, i) => ({ name: 'files', filename: `IMG_${i}.jpg`, contentType: 'image/jpeg', data: b })),
      { name: 'files', filename: 'facture.pdf', contentType: 'application/pdf', data: pdf },
      { name: 'files', filename: 'empty.jpg', contentType: 'image/jpeg', data: Buffer.alloc(0) },
      { name: 'files', filename: 'IMG_9.HEIC', contentType: 'image/heic', data: heic },
      { name: 'files', filename: 'IMG_10.HEIC', contentType: 'image/heic', data: heic.subarray(0, Math.floor(heic.length / 2)) },
    ]);
    const res = await t.app.inject({ method: 'POST', url: '/bulk/ingest/photos', ...body });
    expect(res.statusCode).toBe(200);
    expect(res.json().rejected).toEqual([{ filename: 'empty.jpg', code: 'empty_file', message: 'empty.jpg is empty' }]);
    await t.ctx.jobs.idle();
    const s = await status(res.json().job_id);
    expect(s.status).toBe('completed');
    const byName = Object.fromEntries(s.errors.map((e: { filename: string; code: string }) => [e.filename, e.code]));
    expect(byName).toEqual({ 'facture.pdf': 'unsupported_media_type', 'empty.jpg': 'empty_file', 'IMG_10.HEIC': 'invalid_image' });
    const grouped = s.clusters.flatMap((c: { photos: { filename: string }[] }) => c.photos.map((p) => p.filename)).sort();
    expect(grouped).toEqual(['IMG_0.jpg', 'IMG_1.jpg', 'IMG_2.jpg', 'IMG_3.jpg', 'IMG_9.HEIC']);
    expect(s.progress).toMatchObject({ total: 8, errors: 3 });
  });

  it('collapses the same 10 photos sent twice, naming the kept twin of each', async () => {
    const ten = photos.slice(0, 10).map((b, i) => ({ filename: `IMG_${i}.jpg`, bytes: b }));
    const again = ten.map((f) => ({ filename: `copy/${f.filename}`, bytes: f.bytes }));
    const res = await t.app.inject({ method: 'POST', url: '/bulk/ingest/photos', ...files([...ten, ...again]) });
    expect(res.statusCode).toBe(200);
    await t.ctx.jobs.idle();
    const s = await status(res.json().job_id);
    expect(s.duplicates).toHaveLength(10);
    for (const d of s.duplicates) {
      expect(d.kind).toBe('exact');
      expect(`copy/${d.kept.filename}`).toBe(d.photo.filename);
    }
    expect(s.clusters.flatMap((c: { photos: unknown[] }) => c.photos)).toHaveLength(10);
  });

  it('keeps the folders of a ZIP in the file names, skips system files, and reports non-images', async () => {
    const zip = craftZip([
      { name: 'haul/', data: Buffer.alloc(0) },
      { name: 'haul/jacket/IMG_1.jpg', data: photos[0] },
      { name: 'haul/jacket/IMG_2.jpg', data: photos[0], deflate: true },
      { name: '__MACOSX/haul/jacket/._IMG_1.jpg', data: Buffer.from('mac') },
      { name: 'haul/.DS_Store', data: Buffer.from('ds') },
      { name: 'haul/notes.txt', data: Buffer.from('à vendre') },
      { name: 'haul/dress/IMG_3.jpg', data: photos[5] },
    ]);
    const res = await t.app.inject({ method: 'POST', url: '/bulk/ingest/zip', ...zipUpload(zip) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ files: 4, skipped: [{ filename: '__MACOSX/haul/jacket/._IMG_1.jpg' }, { filename: 'haul/.DS_Store' }] });
    await t.ctx.jobs.idle();
    const s = await status(res.json().job_id);
    expect(s.errors).toMatchObject([{ filename: 'haul/notes.txt', code: 'unsupported_media_type' }]);
    expect(s.duplicates).toMatchObject([{ photo: { filename: 'haul/jacket/IMG_2.jpg' }, kept: { filename: 'haul/jacket/IMG_1.jpg' } }]);
    expect(s.clusters.flatMap((c: { photos: { filename: string }[] }) => c.photos.map((p) => p.filename)).sort()).toEqual(['haul/dress/IMG_3.jpg', 'haul/jacket/IMG_1.jpg']);
  });

  it('answers 404 for an unknown job and 415 for a non-multipart upload', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/bulk/status?job=0193aaaa-0000-7000-8000-000000000000' })).json().error.code).toBe('job_not_found');
    expect((await t.app.inject({ method: 'GET', url: '/bulk/status?job=../../etc' })).statusCode).toBe(404);
    const res = await t.app.inject({ method: 'POST', url: '/bulk/ingest/photos', payload: '{}', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(415);
  });
});
