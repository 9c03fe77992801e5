import fs from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/test-app.ts';
import { testPhotos } from '../helpers/test-photos.ts';
import { bulkTestApp } from './fixtures/bulk-test-app.ts';
import { files } from './fixtures/multipart.ts';

// Photos of extreme shapes (a 1 × 60000 strip, a single pixel…) next to real photos: each one is either analysed
// and grouped or kept aside with a per-photo error and a stable code; the job completes and the real photos are
// grouped. A fuzzer found a 1 × 60000 PNG failing the whole job (the region crops went off the image).

// Each in a colour of its own, so that none is set aside as a near-duplicate of another (all are plain).
const COLOURS = ['#d01c1c', '#1c9dd0', '#2fa82f', '#e0c020', '#8a2fc0', '#f07a10', '#101010', '#f5f5f5', '#c01c8a', '#10706a'];
let nextColour = 0;
const plain = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: COLOURS[nextColour++ % COLOURS.length] } });

// The codes a photo the pipeline cannot use may carry: those of an unreadable file, and analysis_failed.
const PHOTO_CODES = ['invalid_image', 'image_too_large', 'unsupported_media_type', 'analysis_failed'];

describe('bulk: extreme image shapes fail on their own, never the job', () => {
  let t: TestApp;
  let real: { filename: string; bytes: Buffer }[];
  let extreme: { filename: string; bytes: Buffer }[];
  const status = async (id: string) => (await t.app.inject({ method: 'GET', url: `/bulk/status?job=${id}` })).json();

  beforeAll(async () => {
    t = await bulkTestApp();
    real = testPhotos('shirt', 2).map((f, i) => ({ filename: `IMG_${i}.jpg`, bytes: fs.readFileSync(f) }));
    extreme = [
      { filename: 'strip-1x60000.png', bytes: await plain(1, 60000).png().toBuffer() },
      { filename: 'strip-60000x1.png', bytes: await plain(60000, 1).png().toBuffer() },
      { filename: 'dot-1x1.png', bytes: await plain(1, 1).png().toBuffer() },
      { filename: 'dot-2x2.png', bytes: await plain(2, 2).png().toBuffer() },
      { filename: 'tile-16x16.png', bytes: await plain(16, 16).png().toBuffer() },
      { filename: 'strip-1x16000.webp', bytes: await plain(1, 16000).webp().toBuffer() },
      { filename: 'strip-3x50000.png', bytes: await plain(3, 50000).png().toBuffer() },
      { filename: 'strip-40x4000.png', bytes: await plain(40, 4000).png().toBuffer() },
      { filename: 'strip-1x60000.jpg', bytes: await plain(1, 60000).jpeg().toBuffer() },
      { filename: 'strip-60000x1.jpg', bytes: await plain(60000, 1).jpeg().toBuffer() },
    ];
  });
  afterAll(async () => {
    await t?.close();
  });

  it('completes, groups the real photos, and clusters or reports each extreme image', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/bulk/ingest/photos', ...files([...real, ...extreme]) });
    expect(res.statusCode, res.body).toBe(200);
    await t.ctx.jobs.idle();
    const s = await status(res.json().job_id);
    expect(s.status, JSON.stringify(s.error ?? s)).toBe('completed');

    const clustered = new Set<string>(s.clusters.flatMap((c: { photos: { filename: string }[] }) => c.photos.map((p) => p.filename)));
    for (const r of real) expect(clustered, r.filename).toContain(r.filename);

    const errors = new Map<string, { code: string; message: string }>(s.errors.map((e: { filename: string; code: string; message: string }) => [e.filename, e]));
    for (const x of extreme) {
      const e = errors.get(x.filename);
      if (e) {
        expect(PHOTO_CODES, `${x.filename}: ${e.message}`).toContain(e.code);
        expect(e.message).toContain(x.filename);
      } else {
        expect(clustered, x.filename).toContain(x.filename);
      }
    }
    // A valid JPEG strip is read, not called damaged (the thumbnail's shrink-on-load once shrank its 1 px side to 0).
    expect(errors.get('strip-1x60000.jpg')).toBeUndefined();
    expect(errors.get('strip-60000x1.jpg')).toBeUndefined();
    expect(s.progress).toMatchObject({ total: real.length + extreme.length, errors: s.errors.length });
  }, 240_000);
});
