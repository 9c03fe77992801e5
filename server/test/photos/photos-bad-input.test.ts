import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { PhotosService } from '../../src/modules/photos/index.ts';
import { photosRoutes } from '../../src/modules/photos/photos.routes.ts';
import { allowingSubnets } from '../../src/platform/security/safe-fetch.ts';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { startFakePhotoHost, type FakePhotoHost } from './fake-photo-host.ts';
import { DEV_PHOTOS, devPhoto, filesUnder, hugePngHeader, multipart, textFile, truncated } from './photo-files.ts';

// Issue 3's bad inputs that concern photos and URLs: each gets a clear 4xx with a stable code, leaves no row and
// no stray file, and the server keeps answering.
let t: TestApp;
let host: FakePhotoHost;
let byDefault: PhotosService;
let widened: PhotosService;
/** The same app with only the photo routes, served by `widened`. */
let widenedApp: FastifyInstance;
const good = devPhoto(DEV_PHOTOS[0]);
const other = devPhoto(DEV_PHOTOS[1]);

beforeAll(async () => {
  t = await createTestApp();
  host = await startFakePhotoHost({ '/jupe.jpg': { body: good, type: 'image/jpeg' }, '/chemise.jpg': { body: other, type: 'application/octet-stream' } });
  byDefault = t.ctx.photos;
  // The fake host lives on 127.0.0.1, refused by design: this service may reach exactly that address, nothing else.
  widened = new PhotosService(byDefault.repo, byDefault.store, t.ctx.log, { limits: byDefault.limits, fetchPolicy: allowingSubnets(['127.0.0.1/32']) });
  const routes = (app: FastifyInstance) => photosRoutes(app, widened);
  widenedApp = await buildApp({ ...t.ctx, modules: { services: {}, built: [{ name: 'photos', module: { services: {}, routes }, position: 0 }] } });
});
afterAll(async () => {
  await widenedApp?.close();
  await host?.close();
  await t?.close();
});

const photosDir = () => path.join(t.dataDir, 'photos');
async function snapshot() {
  return {
    rows: (await t.ctx.db.selectFrom('photos').select('sha256').execute()).map((r) => r.sha256).sort(),
    items: (await t.ctx.db.selectFrom('items').select('id').execute()).length,
    files: filesUnder(photosDir()),
  };
}
/** Sends the request, checks the refusal, then that nothing was left behind and the server still answers. */
async function refused(send: () => Promise<{ statusCode: number; json(): { error: { code: string } } }>, status: number, code: string) {
  const before = await snapshot();
  const res = await send();
  expect(res.statusCode, JSON.stringify(res.json())).toBe(status);
  expect(res.json().error.code).toBe(code);
  expect(await snapshot()).toEqual(before);
  expect(filesUnder(path.join(photosDir(), '.incoming'))).toEqual([]);
  expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  return res.json();
}
const upload = (parts: Parameters<typeof multipart>[0]) => () => t.app.inject({ method: 'POST', url: '/photos', ...multipart(parts) });
const fromUrls = (urls: string[], service: PhotosService) => () =>
  (service === widened ? widenedApp : t.app).inject({ method: 'POST', url: '/photos/from-urls', ...json({ urls }) });

describe('uploads', () => {
  it('zero files', async () => {
    await refused(upload([]), 400, 'no_files');
    await refused(() => t.app.inject({ method: 'POST', url: '/photos', ...multipart([], { brand: 'Zara' }) }), 400, 'no_files');
  });

  it('21 files', async () => {
    const parts = Array.from({ length: 21 }, (_, i) => ({ filename: `p${i}.jpg`, content: i % 2 ? good : other }));
    const body = await refused(upload(parts), 413, 'too_many_files');
    expect(body).toMatchObject({ error: { details: { max_files: 20 } } });
  });

  it('an empty file', async () => {
    const body = await refused(upload([{ filename: 'front.jpg', content: good }, { filename: 'empty.jpg', content: Buffer.alloc(0) }]), 400, 'empty_file');
    expect(body).toMatchObject({ error: { details: { index: 1, filename: 'empty.jpg' } } });
  });

  it('a truncated JPEG', async () => {
    await refused(upload([{ filename: 'cut.jpg', content: truncated(good) }]), 422, 'invalid_image');
  });

  it('a text file named .jpg', async () => {
    const body = await refused(upload([{ filename: 'photo.jpg', content: textFile() }]), 415, 'unsupported_media_type');
    expect(body).toMatchObject({ error: { details: { filename: 'photo.jpg', detected: null } } });
  });

  it('a PNG of 30 000 × 30 000 pixels', async () => {
    const body = await refused(upload([{ filename: 'huge.png', content: hugePngHeader(), type: 'image/png' }]), 413, 'image_too_large');
    expect(body).toMatchObject({ error: { details: { width: 30000, height: 30000, max_pixels: 100_000_000 } } });
  });

  it('a file over 15 MB, stopped while it streams', async () => {
    const big = Buffer.alloc(15 * 1024 * 1024 + 10, 0);
    good.copy(big);
    await refused(upload([{ filename: 'big.jpg', content: big }]), 413, 'file_too_large');
  });

  it('not multipart at all', async () => {
    await refused(() => t.app.inject({ method: 'POST', url: '/photos', ...json({ files: [] }) }), 415, 'unsupported_media_type');
  });

  it('all or nothing: good photos sent with a bad one are not kept, photos stored before stay', async () => {
    const first = await t.app.inject({ method: 'POST', url: '/photos', ...multipart([{ filename: 'kept.jpg', content: other }]) });
    expect(first.statusCode).toBe(201);
    const fresh = devPhoto(DEV_PHOTOS[2]);
    await refused(upload([{ filename: 'kept.jpg', content: other }, { filename: 'new.jpg', content: fresh }, { filename: 'bad.jpg', content: textFile() }]), 415, 'unsupported_media_type');
    const kept = await t.app.inject({ method: 'GET', url: first.json().photos[0].url });
    expect(kept.statusCode).toBe(200);
  });
});

describe('URLs', () => {
  it('fetches images from an allowed host (the bytes decide, not the Content-Type)', async () => {
    const res = await fromUrls([`${host.base}/jupe.jpg`, `${host.base}/chemise.jpg`], widened)();
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().photos.map((p: { filename: string }) => p.filename)).toEqual(['jupe.jpg', 'chemise.jpg']);
  });

  it('a URL to 127.0.0.1, refused by default without being contacted', async () => {
    const seen = host.requests.length;
    await refused(fromUrls([`${host.base}/jupe.jpg`], byDefault), 400, 'url_forbidden_address');
    await refused(fromUrls([`http://localhost:${host.port}/jupe.jpg`], byDefault), 400, 'url_forbidden_address');
    expect(host.requests.length).toBe(seen);
  });

  it('a URL to 169.254.169.254', async () => {
    await refused(fromUrls(['http://169.254.169.254/latest/meta-data/iam/security-credentials/'], widened), 400, 'url_forbidden_address');
  });

  it('a redirect that lands on a private address', async () => {
    for (const to of ['http://10.0.0.7/photo.jpg', 'http://169.254.169.254/latest/meta-data/', `http://127.0.0.2:${host.port}/jupe.jpg`]) {
      const body = await refused(fromUrls([`${host.base}/redirect?to=${encodeURIComponent(to)}`], widened), 400, 'url_forbidden_address');
      expect(body).toMatchObject({ error: { details: { index: 0 } } });
    }
  });

  it('a 50 MB body', async () => {
    await refused(fromUrls([`${host.base}/50mb.jpg`], widened), 413, 'url_too_large');
  });

  it('an HTML page', async () => {
    await refused(fromUrls([`${host.base}/page.html`], widened), 415, 'url_not_image');
  });

  it('a good URL with a bad one keeps nothing', async () => {
    const fresh = devPhoto(DEV_PHOTOS[3]);
    const h2 = await startFakePhotoHost({ '/fresh.jpg': { body: fresh, type: 'image/jpeg' } });
    try {
      await refused(fromUrls([`http://127.0.0.1:${h2.port}/fresh.jpg`, `${host.base}/page.html`], widened), 415, 'url_not_image');
    } finally {
      await h2.close();
    }
  });

  it('other schemes, too many URLs, none', async () => {
    await refused(fromUrls(['file:///etc/passwd'], widened), 400, 'url_invalid');
    await refused(fromUrls(Array.from({ length: 21 }, (_, i) => `${host.base}/jupe.jpg?${i}`), widened), 413, 'too_many_files');
    await refused(() => t.app.inject({ method: 'POST', url: '/photos/from-urls', ...json({ urls: [] }) }), 400, 'validation_failed');
  });
});
