import fs from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { testPhotos } from '../helpers/test-photos.ts';
import { multipart, postPhotos } from '../ingest/ingest-helpers.ts';
import { multipart as rawMultipart } from '../bulk/fixtures/multipart.ts';

// The seeds' stock, stats, health, files and docs requests sent as they write them (issue 15, points 4–7 and 11),
// on the real app and database: each answers 2xx with the fields the seeds show, beside our own.

let t: TestApp;
const PUBLIC = 'https://vinted.example.org';
const get = (url: string) => t.app.inject({ method: 'GET', url });
const post = (url: string, body: unknown) => t.app.inject({ method: 'POST', url, ...json(body) });

async function storePhotos(n: number, cls = 'shirt', skip = 0): Promise<string[]> {
  const res = await t.app.inject({ method: 'POST', url: '/photos', ...multipart(testPhotos(cls, n, skip).map((file) => ({ file }))) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().photos.map((p: { id: string }) => p.id);
}

beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: `${PUBLIC}/`, PRICE_DROP_CRON: 'off', CORS_ORIGINS: 'https://*.lovable.dev, http://localhost:5173' });
});
afterAll(async () => t?.close());

describe('the stock, as the seeds write it', () => {
  it('POST and PATCH /listings take the condition in any of the seeds\' words, as ingest and imports do', async () => {
    const words: [string, string][] = [['bon', 'good'], ['Très bon état', 'very_good'], ['neuf avec étiquette', 'new_with_tags'], ['good', 'good'], ['very_good', 'very_good']];
    for (const [word, key] of words) {
      const res = await post('/listings', { title: `Pull Zara ${word}`, price: 12, condition: word });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().condition).toBe(key);
    }
    const id = (await post('/listings', { title: 'Jupe plissée', price: 15 })).json().id;
    const patched = await t.app.inject({ method: 'PATCH', url: `/listings/${id}`, ...json({ condition: 'Bon état' }) });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().condition).toBe('good');
    const bad = await post('/listings', { title: 'Pull', condition: 'comme neuf ou presque' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation_failed');
  });

  it('GET /listings?status=draft gives each item price_target and absolute photo links (PUBLIC_URL); a large limit streams the whole stock', async () => {
    const photos = await storePhotos(2);
    const made = (await post('/listings', {
      title: 'Chemise Zara blanche M', price: 18, condition: 'bon', photos,
      price_suggestion: { min: 15, target: 19, max: 24, justification: 'Chemise (base 12 €) × Zara ×1 × bon état ×0.8' },
    })).json();
    const page = await get('/listings?status=draft');
    expect(page.statusCode).toBe(200);
    const item = page.json().items.find((i: { id: string }) => i.id === made.id);
    expect(item.price_target).toBe(19);
    expect(item.photos[0].url).toBe(`${PUBLIC}/photos/${photos[0]}`);
    expect(item.photos[0].thumb_url).toBe(`${PUBLIC}/photos/${photos[0]}/thumb`);
    // The app's own pages (same origin) keep relative links, wherever they are served from.
    const own = await t.app.inject({ method: 'GET', url: `/listings/${made.id}`, headers: { 'sec-fetch-site': 'same-origin' } });
    expect(own.json().photos[0].url).toBe(`/photos/${photos[0]}`);
    // A price but no suggestion: the price is the target.
    const plain = (await post('/listings', { title: 'Jean Levi\'s 501', price: 25 })).json();
    expect((await get(`/listings/${plain.id}`)).json().price_target).toBe(25);

    const all = await get('/listings?status=draft&limit=100000');
    expect(all.statusCode).toBe(200);
    expect(all.headers['content-type']).toMatch(/application\/json/);
    const body = all.json();
    expect(body.next_cursor).toBeNull();
    expect(body.items.length).toBe((await get('/listings?status=draft&limit=200&include_total=true')).json().total);
    expect(body.items.find((i: { id: string }) => i.id === made.id).photos[0].url).toMatch(/^https:\/\/vinted\.example\.org\/photos\//);
    expect((await get('/listings?limit=1000001')).statusCode).toBe(400);
  });

  it('photo count: Vinted\'s 1–20 is the gate, under 3 is a warning that lowers the sale score', async () => {
    const photos = await storePhotos(1, 'shirt', 2);
    const res = await post('/listings', {
      title: 'Chemise Zara blanche M', description: 'Chemise blanche Zara, taille M, bon état.', brand: 'Zara', category: 'shirt', size: 'M',
      condition: 'bon', price: 15, hashtags: ['zara', 'chemise', 'blanc'], photos,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().flags).toEqual({ publish_ready: true, missing_fields: [], warnings: ['few_photos'] });
    const none = (await post('/listings', { title: 'Chemise sans photo', description: 'Une chemise.', brand: 'Zara', category: 'shirt', size: 'M', condition: 'bon', price: 15, hashtags: ['a', 'b', 'c'] })).json();
    expect(none.flags.missing_fields).toContain('too_few_photos');
  });

  it('GET /stats answers top_brands as names, with the counts beside them', async () => {
    const s = (await get('/stats')).json();
    expect(s.top_brands[0]).toBe('Zara');
    expect(s.top_brands.every((b: unknown) => typeof b === 'string')).toBe(true);
    expect(s.top_brand_counts[0]).toMatchObject({ brand: 'Zara', count: expect.any(Number) });
  });
});

describe('health, CORS and the API\'s own documents', () => {
  it('/health answers both seeds\' forms', async () => {
    const h = (await get('/health')).json();
    expect(h).toMatchObject({
      status: 'healthy', uptime_seconds: expect.any(Number), version: expect.any(String), scheduler_jobs: expect.any(Number),
      database: { ok: true }, queue: { driver: 'embedded' }, checks: { database: 'ok', redis: 'not_configured', scheduler: expect.stringMatching(/^(ok|idle)$/) },
    });
  });

  it('CORS_ORIGINS takes wildcard subdomains (https://*.lovable.dev), never the look-alikes', async () => {
    const allowed = await t.app.inject({ method: 'OPTIONS', url: '/listings', headers: { origin: 'https://my-shop.lovable.dev', 'access-control-request-method': 'POST' } });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://my-shop.lovable.dev');
    const deeper = await get('/health').then(() => t.app.inject({ method: 'GET', url: '/health', headers: { origin: 'https://preview-1.app.lovable.dev' } }));
    expect(deeper.headers['access-control-allow-origin']).toBe('https://preview-1.app.lovable.dev');
    for (const origin of ['https://lovable.dev', 'https://evil-lovable.dev', 'http://my-shop.lovable.dev', 'https://lovable.dev.evil.com']) {
      const r = await t.app.inject({ method: 'GET', url: '/health', headers: { origin } });
      expect(r.headers['access-control-allow-origin'], origin).toBeUndefined();
    }
    expect((await t.app.inject({ method: 'GET', url: '/health', headers: { origin: 'http://localhost:5173' } })).headers['access-control-allow-origin']).toBe('http://localhost:5173');
  });

  it('GET /openapi.json and GET /redoc (offline: the bundle is served from the redoc package)', async () => {
    const spec = await get('/openapi.json');
    expect(spec.statusCode).toBe(200);
    expect(spec.json().paths['/bulk/listings/plan']).toBeDefined();
    const page = await get('/redoc');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('spec-url="/openapi.json"');
    expect(page.body).not.toMatch(/https?:\/\/(cdn|unpkg|cdnjs)/);
    const bundle = await get('/redoc/redoc.standalone.js');
    expect(bundle.statusCode).toBe(200);
    expect(bundle.body.length).toBeGreaterThan(100_000);
  });

  it('every route an error message names exists (publication_disabled says PATCH /vinted/settings)', async () => {
    const src = path.resolve(import.meta.dirname, '../../src');
    const files = fs.readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const named: { method: string; url: string; where: string }[] = [];
    for (const f of files) {
      const text = fs.readFileSync(path.join(src, f), 'utf8');
      // The text of every thrown or answered error: new AppError(…), badRequest(…), notFound(…), conflict(…), `message:` fields.
      for (const m of text.matchAll(/(?:AppError\(|badRequest\(|notFound\(|conflict\(|message: )[^;]*?(?:\);|,\s*\n|\}\s*[,)])/gs)) {
        for (const r of m[0].matchAll(/\b(GET|POST|PUT|PATCH|DELETE) (\/[A-Za-z0-9_/{}.:-]*)/g)) named.push({ method: r[1], url: r[2], where: f });
      }
    }
    expect(named.some((n) => n.url === '/vinted/settings')).toBe(true);
    for (const n of named) {
      // The route as registered: "{id}" in a message is ":id" in Fastify's table; a sentence's last dot is not part of it.
      const url = n.url.replace(/[.:]+$/, '').replace(/\{([^}]+)\}/g, ':$1');
      expect(t.app.hasRoute({ method: n.method as 'GET', url }), `${n.method} ${n.url} named in ${n.where}`).toBe(true);
    }
    const off = await t.app.inject({ method: 'POST', url: '/vinted/listings/prepare', ...json({ title: 'Pull Zara laine', price: 12 }) });
    expect(off.json().error).toMatchObject({ code: 'publication_disabled', message: expect.stringContaining('PATCH /vinted/settings') });
  });
});

describe('files and uploads under the seeds\' names', () => {
  it('GET /export/listings?format=csv|json', async () => {
    const csv = await get('/export/listings?format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body).toContain('Chemise Zara blanche M');
    const js = await get('/export/listings?format=json&status=draft');
    expect(js.statusCode).toBe(200);
    expect(js.json().every((i: { status: string }) => i.status === 'draft')).toBe(true);
  });

  it('GET /export/drafts is a ZIP of drafts.json and the photos; POST /import/drafts takes it back (and the JSON alone), never twice', async () => {
    const zip = await get('/export/drafts');
    expect(zip.statusCode).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    const entries = await zipEntries(zip.rawPayload);
    const doc = JSON.parse(entries.get('drafts.json')!.toString('utf8'));
    expect(doc).toMatchObject({ format: 'vintedbot-drafts', count: expect.any(Number) });
    const withPhotos = doc.drafts.find((d: { photos: string[] }) => d.photos.length === 2);
    for (const p of withPhotos.photos) expect(entries.get(p)!.length).toBeGreaterThan(1000);

    // Into a fresh app: the drafts come back with their photos; a second import changes nothing.
    const other = await createTestApp();
    try {
      const upload = (bytes: Buffer, name: string, query = '') =>
        other.app.inject({ method: 'POST', url: `/import/drafts${query}`, ...rawMultipart([{ name: 'file', filename: name, contentType: 'application/zip', data: bytes }]) });
      const first = await upload(zip.rawPayload, 'drafts.zip');
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json()).toMatchObject({ created: doc.count, photos: { stored: expect.any(Number), missing: 0 } });
      const back = (await other.app.inject({ method: 'GET', url: `/listings/${withPhotos.id}` })).json();
      expect(back).toMatchObject({ title: withPhotos.title, status: 'draft' });
      expect(back.photos).toHaveLength(2);
      const second = (await upload(zip.rawPayload, 'drafts.zip')).json();
      expect(second).toMatchObject({ created: 0, updated: 0, unchanged: doc.count });
      // The JSON alone: a new draft, and the stock's duplicate check on it (same title, brand and size as one there).
      const alone = { drafts: [{ title: withPhotos.title, description: 'La même chemise, importée deux fois.', brand: null, size: null, price: 18, condition: 'bon' }] };
      const res = await upload(Buffer.from(JSON.stringify(alone)), 'drafts.json');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ created: 1, duplicates: [{ matches: expect.arrayContaining([expect.objectContaining({ item_id: withPhotos.id, reason: 'title' })]) }] });
      expect(other.lines.some((l) => l.startsWith('⚠️ Duplicate detected'))).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('POST /ingest/upload and POST /api/v1/ingest/upload take the same upload as POST /ingest/photos', async () => {
    for (const url of ['/ingest/upload', '/api/v1/ingest/upload']) {
      const res = await t.app.inject({ method: 'POST', url, ...multipart(testPhotos('hoodie', 2).map((file) => ({ file })), { brand: 'Nike', condition: 'bon' }) });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ saved: true, item_id: expect.any(String), brand: 'Nike', condition: 'good' });
    }
    // The second upload of the same photos is flagged as the duplicate it is.
    const again = (await postPhotos(t, testPhotos('hoodie', 2).map((file) => ({ file })))).json();
    expect(again.possible_duplicate).toBe(true);
  });
});

describe('every path through the stock\'s duplicate check', () => {
  it('a restored item (merge) that the stock already has is flagged, with the console line', async () => {
    const source = await createTestApp();
    const target = await createTestApp();
    try {
      const upload = async (app: TestApp) => (await app.app.inject({ method: 'POST', url: '/photos', ...multipart(testPhotos('dress', 2).map((file) => ({ file }))) })).json().photos.map((p: { id: string }) => p.id);
      const original = (await source.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Robe fleurie Sézane 38', brand: 'Sézane', size: '38', price: 40, photos: await upload(source) }) })).json();
      const backup = (await source.app.inject({ method: 'GET', url: '/export/backup' })).rawPayload;
      const here = (await target.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Robe à fleurs Sézane', brand: 'Sézane', size: '38', price: 42, photos: await upload(target) }) })).json();
      const res = await target.app.inject({ method: 'POST', url: '/import/backup?mode=merge', ...rawMultipart([{ name: 'file', filename: 'backup.zip', contentType: 'application/zip', data: backup }]) });
      expect(res.statusCode, res.body).toBe(200);
      const restored = (await target.app.inject({ method: 'GET', url: `/listings/${original.id}` })).json();
      expect(restored).toMatchObject({ possible_duplicate: true, duplicate_of: [{ item_id: here.id, reason: 'image' }] });
      expect(target.lines).toContain('⚠️ Duplicate detected for "Robe fleurie Sézane 38"');
    } finally {
      await source.close();
      await target.close();
    }
  });
});

function zipEntries(buf: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out = new Map<string, Buffer>();
      zip.on('entry', (e: yauzl.Entry) => {
        zip.openReadStream(e, (er, s) => {
          if (er || !s) return reject(er);
          const chunks: Buffer[] = [];
          s.on('data', (c: Buffer) => chunks.push(c));
          s.on('end', () => {
            out.set(e.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.readEntry();
    });
  });
}
