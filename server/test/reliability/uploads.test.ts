import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { badImages, goodJpeg, hostileZips, mislabelledImages, nestedZip, type Sample, SSRF_URLS } from './corpus.ts';
import { type Answer, expectRefused, json, multipart, oneFile, snapshot, stillHealthy } from './harness.ts';

// The bad-input corpus against every route that takes photos: POST /photos, /photos/from-urls, /ingest/photos
// (multipart and URLs) and the bulk intake (/bulk/ingest/photos, /bulk/ingest/zip). A garment's photos are all or
// nothing: each bad file refuses its request with its code, nothing kept. A bulk batch keeps going past a bad or
// oversized file and names it; an unsafe archive is refused whole. Runs on PostgreSQL too when DATABASE_URL is set.

let t: TestApp;
let bad: [Sample, number, string][];
beforeAll(async () => {
  // A small per-file cap, so "oversized" costs a few hundred kilobytes, not 15 MB per case.
  t = await createTestApp({ PHOTO_MAX_BYTES: String(2 * 1024 * 1024), BULK_MAX_FILES: '20' }, { runJobs: false });
  bad = await badImages();
}, 60_000);
afterAll(async () => {
  await t?.close();
});

const post = (url: string, body: { payload: Buffer | string; headers: Record<string, string> }) => () =>
  t.app.inject({ method: 'POST', url, ...body }) as Promise<Answer>;
const oversized = () => Buffer.concat([goodJpeg(), Buffer.alloc(2 * 1024 * 1024, 0x41)]);

describe('one garment: POST /photos and POST /ingest/photos (multipart)', () => {
  it('refuses every bad photo with its code, alone or beside good ones, keeping nothing', async () => {
    for (const url of ['/photos', '/ingest/photos']) {
      for (const [sample, status, code] of bad) {
        await expectRefused(t, `${url} ${sample.name}`, post(url, oneFile('files', sample.filename, sample.data, sample.type)), status, code);
        // Beside a good photo: still all or nothing.
        const both = multipart([{ name: 'files', filename: 'good.jpg', contentType: 'image/jpeg', data: goodJpeg(2) }, { name: 'files', filename: sample.filename, contentType: sample.type, data: sample.data }]);
        await expectRefused(t, `${url} good + ${sample.name}`, post(url, both), status, code);
      }
      await expectRefused(t, `${url} oversized`, post(url, oneFile('files', 'big.jpg', oversized(), 'image/jpeg')), 413, 'file_too_large');
      await expectRefused(t, `${url} no file`, post(url, multipart([{ name: 'brand', data: 'Zara' }])), 400, 'no_files');
    }
  });

  it('takes an image whatever its name or declared type says (the bytes decide), and a polyglot as its image', async () => {
    for (const s of mislabelledImages()) {
      const res = await t.app.inject({ method: 'POST', url: '/photos', ...oneFile('files', s.filename, s.data, s.type) });
      expect(res.statusCode, `${s.name}: ${res.body}`).toBe(201);
      const photo = res.json().photos[0];
      const stored = await t.app.inject({ method: 'GET', url: photo.url });
      expect(stored.headers['content-type']).toBe('image/jpeg');
    }
  });

  it('takes a valid JPEG strip (1 × 4000 px, 20000 × 5 px) as a photo, not as a damaged file', async () => {
    for (const [width, height] of [[1, 4000], [20_000, 5], [7, 2000]]) {
      const data = await sharp({ create: { width, height, channels: 3, background: '#446688' } }).jpeg().toBuffer();
      const res = await t.app.inject({ method: 'POST', url: '/photos', ...oneFile('files', 'strip.jpg', data, 'image/jpeg') });
      expect(res.statusCode, `${width}×${height}: ${res.body}`).toBe(201);
      const info = (await t.app.inject({ method: 'GET', url: `/photos/${res.json().photos[0].id}/info` })).json();
      expect([info.width, info.height]).toEqual([width, height]);
    }
  });

  it('stores a file name with control characters without them, on both databases', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/photos', ...oneFile('files', 'fa\u0000ce\u001b[2J.jpg', goodJpeg(4), 'image/jpeg') });
    expect(res.statusCode, res.body).toBe(201);
    const info = await t.app.inject({ method: 'GET', url: `/photos/${res.json().photos[0].id}/info` });
    expect(info.json().filename).toBe('face[2J.jpg');
  });

  it('checks the ingest hints before storing a photo, and cleans control characters out of them on both databases', async () => {
    const photo = { name: 'files', filename: 'front.jpg', contentType: 'image/jpeg', data: goodJpeg(3) };
    await expectRefused(t, 'unknown condition', post('/ingest/photos', multipart([photo, { name: 'condition', data: 'moth-eaten' }])), 400, 'validation_failed');
    await expectRefused(t, 'hints not JSON', post('/ingest/photos', multipart([photo, { name: 'hints', data: '{"brand": ' }])), 400, 'validation_failed');
    await expectRefused(t, 'deep hints', post('/ingest/photos', multipart([photo, { name: 'hints', data: `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}` }])), 400, 'validation_failed');
    const res = await t.app.inject({
      method: 'POST', url: '/ingest/photos',
      ...multipart([photo, { name: 'brand', data: 'Za\u0000ra\u001b[2J' }, { name: 'size', data: 'M\u0000' }, { name: 'notes', data: 'tache\u0007 légère\r\nau col' }]),
    });
    expect(res.statusCode, res.body).toBe(201);
    const item = (await t.app.inject({ method: 'GET', url: `/listings/${res.json().item_id}` })).json();
    expect(item.brand).toBe('Zara[2J');
    expect(item.size).toBe('M');
    expect(JSON.stringify(item)).not.toMatch(/\\u000[0-8]|\\u001b/);
    await t.app.inject({ method: 'DELETE', url: `/listings/${item.id}` });
  });
});

describe('URLs: POST /photos/from-urls and POST /ingest/photos {"urls"}', () => {
  it('refuses every SSRF form without fetching it, keeping nothing', async () => {
    for (const [url, code] of SSRF_URLS) {
      await expectRefused(t, `from-urls ${url}`, post('/photos/from-urls', json({ urls: [url] })), 400, code);
      await expectRefused(t, `ingest ${url}`, post('/ingest/photos', json({ urls: [url] })), 400, code);
    }
  });

  it('refuses URLs that are not URLs', async () => {
    for (const url of ['not a url', 'http://', 'http://exa mple.com/a.jpg', `http://example.com/${'a'.repeat(3000)}`]) {
      await expectRefused(t, `from-urls ${url.slice(0, 30)}`, post('/photos/from-urls', json({ urls: [url] })), 400, ['validation_failed', 'url_invalid']);
      await expectRefused(t, `ingest ${url.slice(0, 30)}`, post('/ingest/photos', json({ urls: [url] })), 400, ['validation_failed', 'url_invalid']);
    }
  });
});

describe('bulk: POST /bulk/ingest/photos', () => {
  it('keeps going past every bad or oversized file, naming each, and keeps the good ones', async () => {
    const list = [
      { name: 'files', filename: 'good-1.jpg', contentType: 'image/jpeg', data: goodJpeg(0) },
      { name: 'files', filename: 'big.jpg', contentType: 'image/jpeg', data: oversized() },
      ...bad.map(([s]) => ({ name: 'files', filename: `bad/${s.name}.jpg`, contentType: s.type, data: s.data })),
      { name: 'files', filename: 'good-2.jpg', contentType: 'image/jpeg', data: goodJpeg(1) },
    ];
    const res = await t.app.inject({ method: 'POST', url: '/bulk/ingest/photos', ...multipart(list) });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.files).toBe(list.length);
    expect(body.rejected).toEqual(expect.arrayContaining([
      expect.objectContaining({ filename: 'big.jpg', code: 'file_too_large' }),
      expect.objectContaining({ filename: 'bad/zero-byte.jpg', code: 'empty_file' }),
    ]));
    // The others are kept and analysed by the job (which fails them one by one, with their reason).
    const job = await t.app.inject({ method: 'GET', url: `/bulk/jobs/${body.job_id}` });
    expect(job.json()).toMatchObject({ job_id: body.job_id, total_photos: list.length });
    await t.app.inject({ method: 'DELETE', url: `/bulk/jobs/${body.job_id}` });
    await stillHealthy(t);
  });

  it('refuses a batch with nothing in it, keeping nothing', async () => {
    await expectRefused(t, 'no files', post('/bulk/ingest/photos', multipart([{ name: 'mode', data: 'auto' }])), 400, 'no_files');
    await expectRefused(t, 'bad mode', post('/bulk/ingest/photos', multipart([{ name: 'mode', data: 'chaos\u0000' }, { name: 'files', filename: 'a.jpg', data: goodJpeg() }])), 400, 'validation_failed');
    const many = Array.from({ length: 21 }, (_, i) => ({ name: 'files', filename: `p${i}.jpg`, contentType: 'image/jpeg', data: goodJpeg(i % 3) }));
    await expectRefused(t, '21 files', post('/bulk/ingest/photos', multipart(many)), 413, 'too_many_files');
  });
});

describe('bulk: POST /bulk/ingest/zip', () => {
  const zip = (data: Buffer) => oneFile('file', 'photos.zip', data, 'application/zip');
  const CODES: Record<string, [number, string]> = {
    'zip-slip': [400, 'zip_unsafe_entry'], 'absolute-path': [400, 'zip_unsafe_entry'], 'backslash-traversal': [400, 'zip_unsafe_entry'],
    'symlink-entry': [400, 'zip_link_entry'], 'device-entry': [400, 'zip_unsafe_entry'], 'zip-bomb': [413, 'zip_bomb'],
    'size-liar': [400, 'invalid_zip'], 'truncated-zip': [400, 'invalid_zip'], 'not-a-zip': [400, 'invalid_zip'], 'zero-byte-zip': [400, 'invalid_zip'],
  };

  it('refuses every unsafe or broken archive whole, extracting nothing', async () => {
    for (const [name, data] of Object.entries(hostileZips())) {
      const [status, code] = CODES[name];
      await expectRefused(t, `zip ${name}`, post('/bulk/ingest/zip', zip(data)), status, code);
    }
  });

  it('takes the photos of a ZIP holding a ZIP, and reports the inner archive as a bad file', async () => {
    const before = await snapshot(t);
    const res = await t.app.inject({ method: 'POST', url: '/bulk/ingest/zip', ...zip(nestedZip()) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().files).toBe(2);
    await t.app.inject({ method: 'DELETE', url: `/bulk/jobs/${res.json().job_id}` });
    expect((await snapshot(t)).files.bulk).toEqual(before.files.bulk);
    await stillHealthy(t);
  });
});
