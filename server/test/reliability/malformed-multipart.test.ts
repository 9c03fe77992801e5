import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { goodJpeg } from './corpus.ts';
import { type Answer, expectRefused, multipart, snapshot } from './harness.ts';

// A body or a request line that is not what it claims: an upload cut off mid-file (a phone that lost its network), a
// form whose part header is broken, more fields than allowed, an address with a broken % escape, headers too large.
// Each is the client's fault, so each is a 4xx in the common error shape with a stable code, nothing is kept (no
// row, no temp file), nothing is logged as a server bug, and the server keeps answering.

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await createTestApp({ PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' }, { runJobs: false });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as net.AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  await t?.close();
});

/** A multipart body cut `cut` bytes before its end: the closing boundary, and maybe part of the last file, never arrive. */
function truncated(parts: Parameters<typeof multipart>[0], cut: number) {
  const whole = multipart(parts);
  return { payload: whole.payload.subarray(0, whole.payload.length - cut), headers: whole.headers };
}

/** Over real HTTP, as a browser or a script sends it: the answer as the harness reads it. */
async function post(url: string, body: { payload: Buffer; headers: Record<string, string> }): Promise<Answer> {
  const res = await fetch(base + url, { method: 'POST', headers: { ...body.headers, origin: base }, body: new Uint8Array(body.payload) });
  const text = await res.text();
  return { statusCode: res.status, body: text, json: () => JSON.parse(text) };
}

const serverBugs = () => t.logs.filter((l) => /"level":50/.test(l));

/** Writes raw bytes on a socket and reads the whole answer (the server closes it). */
function rawRequest(text: string): Promise<string> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const s = net.connect(Number(url.port), url.hostname);
    let out = '';
    s.on('data', (d) => (out += d));
    s.on('close', () => resolve(out));
    s.on('error', reject);
    s.write(text);
  });
}

describe('malformed multipart bodies', () => {
  const photo = (name: string, seed: number) => ({ name: 'files', filename: name, contentType: 'image/jpeg', data: goodJpeg(seed) });
  const cases: [string, string, () => { payload: Buffer; headers: Record<string, string> }][] = [
    ['one garment, cut inside its only photo', '/photos', () => truncated([photo('front.jpg', 1)], 300)],
    ['one garment, a good photo then one cut off', '/photos', () => truncated([photo('front.jpg', 1), photo('back.jpg', 2)], 300)],
    ['bulk, a good photo then one cut off', '/bulk/ingest/photos', () => truncated([photo('a.jpg', 3), photo('b.jpg', 4)], 300)],
    ['bulk alias, cut before the closing boundary', '/bulk/photos/upload', () => truncated([photo('a.jpg', 5)], 10)],
    ['a photo staged for Vinted, cut off', '/vinted/photos/upload', () => truncated([{ name: 'file', filename: 'a.jpg', contentType: 'image/jpeg', data: goodJpeg(5) }], 300)],
    ['a CSV import, cut off', '/import/csv', () => truncated([{ name: 'file', filename: 'stock.csv', contentType: 'text/csv', data: 'titre,prix\nVeste,20\n' }], 10)],
    ['a backup restore, cut off', '/import/backup', () => truncated([{ name: 'file', filename: 'backup.zip', contentType: 'application/zip', data: Buffer.alloc(4096, 1) }], 100)],
  ];

  it.each(cases)('%s: 400 malformed_multipart, nothing kept', async (_label, url, body) => {
    const bugsBefore = serverBugs().length;
    const res = await expectRefused(t, url, () => post(url, body()), 400, 'malformed_multipart');
    expect(res.json().error).toMatchObject({ message: expect.stringMatching(/multipart body is malformed/), request_id: expect.any(String) });
    expect(serverBugs().length, serverBugs().slice(bugsBefore).join('\n')).toBe(bugsBefore);
  });

  it('a part whose header is broken is refused, never taken as a photo', async () => {
    const boundary = 'brokenheader1234';
    const payload = Buffer.from(`--${boundary}\r\n${'X'.repeat(100_000)}\r\n\r\nabc\r\n--${boundary}--\r\n`);
    const res = await expectRefused(t, 'broken header', () => post('/photos', { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }), 400, ['malformed_multipart', 'no_files']);
    expect(res.json().error?.code).toBeDefined();
  });

  it('more text fields than allowed: 413 too_many_fields', async () => {
    const fields = Array.from({ length: 60 }, (_, i) => ({ name: `f${i}`, data: 'v' }));
    await expectRefused(t, 'fields', () => post('/photos', multipart([photo('front.jpg', 0), ...fields])), 413, 'too_many_fields');
  });
});

describe('addresses and headers the router or the connection refuses', () => {
  it('a broken % escape: 400 bad_url in the common shape', async () => {
    const res = await fetch(`${base}/listings/%zz`);
    expect(res.status).toBe(400);
    const body = (await res.json()).error;
    expect(body).toMatchObject({ code: 'bad_url', request_id: expect.any(String), details: { params: {} } });
    expect(res.headers.get('x-request-id')).toBe(body.request_id);
  });

  it('a path parameter longer than the router takes: 414 url_too_long', async () => {
    const res = await fetch(`${base}/listings/${'a'.repeat(600)}`);
    expect(res.status).toBe(414);
    expect((await res.json()).error.code).toBe('url_too_long');
  });

  it('headers too large: 431 headers_too_large as JSON, and the server goes on answering', async () => {
    const host = new URL(base).host;
    const answer = await rawRequest(`GET /health HTTP/1.1\r\nHost: ${host}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer).toMatch(/content-type: application\/json/i);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).error.code).toBe('headers_too_large');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    // Nothing of these reached the stock.
    expect((await snapshot(t)).rows.items).toBe(0);
  });
});
