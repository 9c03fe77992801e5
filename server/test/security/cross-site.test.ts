import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartFile } from '../files/multipart.ts';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';

// A page of another site can make the seller's browser send forms, multipart uploads and bare POSTs (no CORS
// preflight for those): the browser marks them with Origin and Sec-Fetch-Site, and the app refuses them.

let t: TestApp;
const HOST = '127.0.0.1:8001';
const SELF = `http://${HOST}`;
const FRONT = 'https://my-front.lovable.app';

beforeAll(async () => {
  t = await createTestApp({ CORS_ORIGINS: FRONT, PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
});
afterAll(async () => {
  await t?.close();
});

const titles = async () => ((await t.app.inject({ method: 'GET', url: '/listings/all', headers: { host: HOST } })).json() as { title: string; price: number }[]).map((i) => i.title).sort();
const evil = { host: HOST, origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' };
const refused = (res: { statusCode: number; json(): { error: { code: string } } }) => [res.statusCode, res.json().error.code];
const CSV = 'titre;prix\nPull piégé;10\n';

describe('cross-site requests', () => {
  it('refuses JSON, form, multipart and bare posts from another site, and changes nothing', async () => {
    const kept = (await t.app.inject({ method: 'POST', url: '/listings', headers: { host: HOST, 'content-type': 'application/json' }, payload: JSON.stringify({ title: 'Pull Zara M', price: 20, status: 'listed', auto_drop: true }) })).json();
    const before = await titles();

    const attempts: InjectOptions[] = [
      // fetch() with a JSON body, from a page that only sends Origin (an older browser) or only Sec-Fetch-Site.
      { method: 'POST', url: '/listings', headers: { host: HOST, origin: 'http://evil.example', 'content-type': 'application/json' }, payload: JSON.stringify({ title: 'Pull piégé' }) },
      { method: 'POST', url: '/listings', headers: { host: HOST, 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' }, payload: JSON.stringify({ title: 'Pull piégé' }) },
      // <form method=post enctype=multipart/form-data> replacing the whole stock, and a CSV import.
      { method: 'POST', url: '/import/backup?mode=replace', ...withHeaders(multipartFile(Buffer.from('PK\u0005\u0006'.padEnd(22, '\0')), 'backup.zip', 'application/zip'), evil) },
      { method: 'POST', url: '/import/csv', ...withHeaders(multipartFile(CSV), evil) },
      // <form method=post> url-encoded and text/plain (JSON smuggled in a text/plain form).
      { method: 'POST', url: '/listings', headers: { ...evil, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'title=Pull+pi%C3%A9g%C3%A9' },
      { method: 'POST', url: '/listings', headers: { ...evil, 'content-type': 'text/plain' }, payload: '{"title":"Pull piégé"}' },
      // Bare posts that act.
      { method: 'POST', url: '/maintenance/purge', headers: evil },
      { method: 'POST', url: '/pricing/run', headers: evil },
      { method: 'POST', url: '/vinted/publish/queue/run', headers: evil },
      // Edits and deletions (these need a preflight, which CORS refuses, but a refusal here does not rely on it).
      { method: 'PATCH', url: `/listings/${kept.id}`, headers: { ...evil, 'content-type': 'application/json' }, payload: JSON.stringify({ price: 1 }) },
      { method: 'DELETE', url: `/listings/${kept.id}`, headers: evil },
      // A sandboxed frame or a no-referrer form says "null"; a sibling port on localhost is same-site, not same-origin.
      { method: 'POST', url: '/listings', headers: { host: HOST, origin: 'null', 'content-type': 'application/json' }, payload: JSON.stringify({ title: 'Pull piégé' }) },
      { method: 'POST', url: '/listings', headers: { host: HOST, origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-site', 'content-type': 'application/json' }, payload: JSON.stringify({ title: 'Pull piégé' }) },
    ];
    for (const a of attempts) {
      const res = await t.app.inject(a);
      expect(refused(res), `${a.method} ${a.url} ${JSON.stringify(a.headers)}`).toEqual([403, 'cross_site_request']);
    }
    expect(await titles()).toEqual(before);
    const same = (await t.app.inject({ method: 'GET', url: `/listings/${kept.id}`, headers: { host: HOST } })).json();
    expect(same.price).toBe(20);
  });

  it('lets the app itself, a listed front end and non-browser clients through', async () => {
    const post = (headers: Record<string, string>, title: string) =>
      t.app.inject({ method: 'POST', url: '/listings', headers: { host: HOST, 'content-type': 'application/json', ...headers }, payload: JSON.stringify({ title }) });
    expect((await post({ origin: SELF, 'sec-fetch-site': 'same-origin' }, 'Jean Levis 501 W32')).statusCode).toBe(201);
    // Older browsers send Origin alone; Sec-Fetch-Site alone is enough too (and covers a dev proxy in front).
    expect((await post({ origin: SELF }, 'Jean Levis 502 W32')).statusCode).toBe(201);
    expect((await post({ origin: 'http://127.0.0.1:5173', 'sec-fetch-site': 'same-origin' }, 'Jean Levis 503 W32')).statusCode).toBe(201);
    expect((await post({ origin: FRONT, 'sec-fetch-site': 'cross-site' }, 'Jean Levis 504 W32')).statusCode).toBe(201);
    expect((await post({}, 'Jean Levis 505 W32')).statusCode).toBe(201);
    // A same-origin multipart form works like before.
    const csv = await t.app.inject({ method: 'POST', url: '/import/csv', ...withHeaders(multipartFile('titre;prix\nChemise Oxford L;15\n'), { host: HOST, origin: SELF, 'sec-fetch-site': 'same-origin' }) });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(await titles()).toEqual(expect.arrayContaining(['Chemise Oxford L', 'Jean Levis 501 W32', 'Jean Levis 505 W32']));
  });

  it('runs no action from a bare POST: an action needs a JSON body, and a real run an explicit dry_run:false', async () => {
    const listed = (await t.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Veste en jean Levis M', price: 50, status: 'listed', auto_drop: true }) })).json();
    const jobsBefore = (await t.app.inject({ method: 'GET', url: '/pricing/runs' })).json().runs.length;
    for (const url of ['/maintenance/purge', '/pricing/run', '/vinted/publish/queue/run', '/vinted/resume', '/test/photoset']) {
      const bare = await t.app.inject({ method: 'POST', url, headers: { host: HOST } });
      expect(refused(bare), url).toEqual([400, 'body_required']);
    }
    for (const url of ['/maintenance/purge', '/pricing/run']) {
      const implicit = await t.app.inject({ method: 'POST', url, ...json({}) });
      expect(refused(implicit), url).toEqual([400, 'validation_failed']);
    }
    expect((await t.app.inject({ method: 'GET', url: `/listings/${listed.id}` })).json().price).toBe(50);
    expect((await t.app.inject({ method: 'GET', url: '/pricing/runs' })).json().runs.length).toBe(jobsBefore);
    const dry = await t.app.inject({ method: 'POST', url: '/pricing/run', ...json({ dry_run: true }) });
    expect(dry.statusCode).toBe(200);
    const real = await t.app.inject({ method: 'POST', url: '/vinted/publish/queue/run', ...json({}) });
    expect(real.statusCode, real.body).toBe(200);
  });
});

function withHeaders<T extends { headers: Record<string, string> }>(req: T, headers: Record<string, string>): T {
  return { ...req, headers: { ...req.headers, ...headers } };
}
