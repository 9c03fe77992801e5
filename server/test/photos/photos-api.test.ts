import { createHash } from 'node:crypto';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { asPng, asWebp, DEV_PHOTOS, devPhoto, filesUnder, HEIC, multipart, orientedJpeg } from './photo-files.ts';

// Photos through the real app: multipart upload, storage by content, serving with cache headers.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const photosDir = () => path.join(t.dataDir, 'photos');
const storedFiles = () => filesUnder(photosDir()).filter((f) => !f.startsWith('.incoming'));
const upload = (parts: Parameters<typeof multipart>[0]) => t.app.inject({ method: 'POST', url: '/photos', ...multipart(parts) });

describe('POST /photos', () => {
  it('stores three photos of a garment with their figures, once per content', async () => {
    const jpeg = devPhoto(DEV_PHOTOS[1]);
    const png = await asPng(devPhoto(DEV_PHOTOS[2]));
    const webp = await asWebp(devPhoto(DEV_PHOTOS[3]));
    const res = await upload([
      { filename: 'front.jpg', content: jpeg }, { filename: 'back.png', content: png, type: 'image/png' }, { filename: 'label.webp', content: webp, type: 'image/webp' },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const { photos } = res.json();
    expect(photos.map((p: { filename: string }) => p.filename)).toEqual(['front.jpg', 'back.png', 'label.webp']);
    expect(photos.map((p: { sha256: string }) => p.sha256)).toEqual([sha(jpeg), sha(png), sha(webp)]);
    expect(photos.map((p: { mime: string }) => p.mime)).toEqual(['image/jpeg', 'image/png', 'image/webp']);
    for (const p of photos) {
      expect(p.url).toBe(`/photos/${p.id}`);
      expect(p.phash).toMatch(/^[0-9a-f]{16}$/);
      expect(p.colours.primary).toEqual(expect.any(String));
      expect(p.quality.score).toBeGreaterThanOrEqual(0);
      expect(p.existed).toBe(false);
    }
    const rows = await t.ctx.db.selectFrom('photos').selectAll().orderBy('created_at').execute();
    expect(rows.map((r) => r.sha256).sort()).toEqual([sha(jpeg), sha(png), sha(webp)].sort());
    expect(storedFiles()).toHaveLength(6); // preview + thumbnail each, nothing else

    // The same bytes again, twice in one request: the same photo, not a new one.
    const again = await upload([{ filename: 'again.jpg', content: jpeg }, { filename: 'again-copy.jpg', content: jpeg }]);
    expect(again.statusCode).toBe(201);
    expect(again.json().photos).toHaveLength(1);
    expect(again.json().photos[0]).toMatchObject({ id: photos[0].id, existed: true });
    expect(await t.ctx.db.selectFrom('photos').select('id').execute()).toHaveLength(3);
    expect(storedFiles()).toHaveLength(6);
  });

  it('serves the preview and the thumbnail with content type, ETag and revalidated caching (long for the original)', async () => {
    const res = await upload([{ filename: 'turned.jpg', content: await orientedJpeg() }]);
    const p = res.json().photos[0];
    expect([p.width, p.height, p.taken_at]).toEqual([320, 240, '2024-05-17T12:03:22.000Z']);

    const preview = await t.app.inject({ method: 'GET', url: p.url });
    expect(preview.statusCode).toBe(200);
    expect(preview.headers['content-type']).toBe('image/jpeg');
    expect(preview.headers.etag).toBe(`"${p.sha256}"`);
    // The studio may edit a photo under the same URL: browsers ask again (a 304 below); the original never changes.
    expect(preview.headers['cache-control']).toBe('private, no-cache');
    const original = await t.app.inject({ method: 'GET', url: `${p.url}?original=1` });
    expect([original.headers.etag, original.headers['cache-control']]).toEqual([`"${p.sha256}"`, 'private, max-age=31536000, immutable']);
    const meta = await sharp(preview.rawPayload).metadata();
    expect([meta.width, meta.height, meta.exif]).toEqual([320, 240, undefined]);
    expect(preview.rawPayload.includes('SecretCam')).toBe(false);

    const thumb = await t.app.inject({ method: 'GET', url: p.thumb_url });
    expect([thumb.statusCode, thumb.headers['content-type']]).toEqual([200, 'image/webp']);
    expect((await sharp(thumb.rawPayload).metadata()).format).toBe('webp');

    const cached = await t.app.inject({ method: 'GET', url: p.url, headers: { 'if-none-match': `"${p.sha256}"` } });
    expect([cached.statusCode, cached.rawPayload.length]).toEqual([304, 0]);

    const info = await t.app.inject({ method: 'GET', url: `/photos/${p.id}/info` });
    expect(info.json()).toMatchObject({ id: p.id, sha256: p.sha256, width: 320, height: 240, mime: 'image/jpeg', filename: 'turned.jpg' });
  });

  it('takes a HEIC from an iPhone', async () => {
    const res = await upload([{ filename: 'IMG_0001.HEIC', content: HEIC, type: 'image/heic' }]);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().photos[0]).toMatchObject({ mime: 'image/heic', width: 240, height: 320, taken_at: '2023-11-04T08:15:00.000Z' });
    const preview = await t.app.inject({ method: 'GET', url: res.json().photos[0].url });
    expect((await sharp(preview.rawPayload).metadata()).format).toBe('jpeg');
  });

  it('answers 404 for an unknown photo and 400 for a malformed id', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/photos/0190a0a0-0000-7000-8000-000000000000' })).json().error.code).toBe('photo_not_found');
    expect((await t.app.inject({ method: 'GET', url: '/photos/../../etc/passwd/thumb' })).statusCode).toBeGreaterThanOrEqual(400);
    expect((await t.app.inject({ method: 'GET', url: '/photos/not-an-id' })).statusCode).toBe(400);
  });

  it('lets an item use the stored photos', async () => {
    const res = await upload([{ filename: 'a.jpg', content: devPhoto(DEV_PHOTOS[0]) }]);
    const id = res.json().photos[0].id;
    const item = await t.app.inject({ method: 'POST', url: '/listings', payload: { title: 'T-shirt blanc Zara M', photos: [id] } });
    expect(item.statusCode, item.body).toBe(201);
    expect(item.json().photos[0]).toMatchObject({ id, url: `/photos/${id}` });
  });
});
