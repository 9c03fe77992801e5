import { EventEmitter, once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { allowingSubnets, embeddedIPv4, ipv6Groups, publicAddressesOnly, type Resolver, safeFetch, type SafeFetchOptions } from './safe-fetch.ts';

// Real HTTP servers on 127.0.0.1. Loopback is refused by design, so the tests that fetch from them widen the
// policy to exactly 127.0.0.1; the tests that prove refusals use the default policy, or targets outside it.
let server: http.Server;
let base: string;
let port: number;
const hits: string[] = [];
/** What the test server saw, as events to await: 'huge-closed' (MB sent) when the client hung up on /huge. */
const seen = new EventEmitter();
let jpeg: Buffer;

beforeAll(async () => {
  jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366aa' } }).jpeg().toBuffer();
  server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    const u = new URL(req.url ?? '/', 'http://x');
    const hop = Number(u.searchParams.get('n') ?? 0);
    switch (u.pathname) {
      case '/photo.jpg':
        res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': jpeg.length });
        return res.end(jpeg);
      case '/mislabelled':
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end(jpeg);
      case '/page.html':
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end(`<!doctype html><html><body>${'<p>Not a photo</p>'.repeat(500)}</body></html>`);
      case '/huge': {
        // 50 MB of JPEG-looking bytes, streamed without Content-Length: only the running count can stop it.
        res.writeHead(200, { 'content-type': 'image/jpeg' });
        const chunk = Buffer.alloc(1024 * 1024, 0);
        jpeg.copy(chunk);
        let sent = 0;
        const push = () => {
          while (sent < 50) {
            sent++;
            if (!res.write(chunk)) return res.once('drain', push);
          }
          res.end();
        };
        res.on('close', () => seen.emit('huge-closed', sent));
        return push();
      }
      case '/declared-huge':
        res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(50 * 1024 * 1024) });
        return res.write(jpeg); // never ends: the declared length alone must stop the fetch
      case '/slow':
        res.writeHead(200, { 'content-type': 'image/jpeg' });
        return res.write(jpeg.subarray(0, 10)); // then nothing
      case '/redirect':
        res.writeHead(302, { location: u.searchParams.get('to')! });
        return res.end();
      case '/chain':
        res.writeHead(301, { location: hop >= 10 ? '/photo.jpg' : `/chain?n=${hop + 1}` });
        return res.end();
      default:
        res.writeHead(404);
        return res.end('no');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
});

const isJpegHead = (b: Buffer) => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
const loopbackOnly = allowingSubnets(['127.0.0.1/32']);
const opts = (o: Partial<SafeFetchOptions> = {}): SafeFetchOptions => ({
  maxBytes: 15 * 1024 * 1024, timeoutMs: 5000, maxRedirects: 5, policy: loopbackOnly, acceptHead: isJpegHead, ...o,
});

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe('address policy', () => {
  const refused = [
    '127.0.0.1', '127.8.9.10', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1',
    '100.100.100.200', '0.0.0.0', '224.0.0.1', '255.255.255.255', '198.18.0.1', '::1', '::', 'fe80::1', 'fc00::1',
    'fd00:ec2::254', 'ff02::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:169.254.169.254', '64:ff9b::a9fe:a9fe',
    '2002:c0a8:0101::1', '2001:0:4136:e378:8000:63bf:3fff:fdd2', '::127.0.0.1',
  ];
  const allowed = ['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808'];
  it.each(refused)('refuses %s by default', (a) => expect(publicAddressesOnly.allows(a)).toBe(false));
  it.each(allowed)('allows the public address %s', (a) => expect(publicAddressesOnly.allows(a)).toBe(true));

  it('widens only by the subnets given', () => {
    expect(loopbackOnly.allows('127.0.0.1')).toBe(true);
    expect(loopbackOnly.allows('::ffff:127.0.0.1')).toBe(true);
    expect(loopbackOnly.allows('127.0.0.2')).toBe(false);
    expect(loopbackOnly.allows('169.254.169.254')).toBe(false);
  });

  it('reads the IPv4 address inside IPv6 forms', () => {
    expect(ipv6Groups('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]);
    expect(embeddedIPv4('::ffff:a9fe:a9fe')).toBe('169.254.169.254');
    expect(embeddedIPv4('2002:0a00:0001::')).toBe('10.0.0.1');
    expect(embeddedIPv4('2606:4700::1')).toBeNull();
    expect(ipv6Groups('1::2::3')).toBeNull();
  });
});

describe('safeFetch', () => {
  it('fetches an image from an allowed address, into memory or a file', async () => {
    const r = await safeFetch(`${base}/photo.jpg`, opts());
    expect(r.status).toBe(200);
    expect(r.body!.equals(jpeg)).toBe(true);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safe-fetch-'));
    try {
      const f = await safeFetch(`${base}/mislabelled`, opts({ toFile: path.join(dir, 'x') }));
      expect(fs.readFileSync(f.path!).equals(jpeg)).toBe(true); // the bytes decide, not the Content-Type
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses 127.0.0.1, localhost and [::1] by default, without connecting', async () => {
    const before = hits.length;
    for (const u of [`${base}/photo.jpg`, `http://localhost:${port}/photo.jpg`, `http://[::1]:${port}/photo.jpg`, `http://[::ffff:127.0.0.1]:${port}/photo.jpg`, `http://2130706433:${port}/photo.jpg`]) {
      const e = await refusal(safeFetch(u, opts({ policy: undefined })));
      expect(e.status).toBe(400);
      expect(e.code).toBe('url_forbidden_address');
    }
    expect(hits.length).toBe(before);
  });

  it('refuses the cloud metadata address 169.254.169.254', async () => {
    const e = await refusal(safeFetch('http://169.254.169.254/latest/meta-data/', opts({ policy: undefined, timeoutMs: 60_000 })));
    expect(e.code).toBe('url_forbidden_address');
  });

  it('checks every redirect: a hop to a private address is refused before it is contacted', async () => {
    for (const to of ['http://169.254.169.254/latest/meta-data/', `http://127.0.0.2:${port}/photo.jpg`, 'http://10.0.0.1/', `http://[::1]:${port}/photo.jpg`]) {
      const e = await refusal(safeFetch(`${base}/redirect?to=${encodeURIComponent(to)}`, opts()));
      expect(e.code).toBe('url_forbidden_address');
      expect((e.details as { redirected_to: string }).redirected_to).toContain(new URL(to).host);
    }
    // The same through a host name that resolves inside the network.
    const resolve: Resolver = async (h) => (h === 'intranet.example' ? [{ address: '10.20.30.40', family: 4 }] : []);
    const e = await refusal(safeFetch(`${base}/redirect?to=${encodeURIComponent('http://intranet.example/x.jpg')}`, opts({ resolve })));
    expect(e.code).toBe('url_forbidden_address');
  });

  it('refuses a name when any of its addresses is private', async () => {
    const resolve: Resolver = async () => [{ address: '93.184.216.34', family: 4 }, { address: '127.0.0.1', family: 4 }];
    const e = await refusal(safeFetch('http://mixed.example/photo.jpg', opts({ policy: undefined, resolve })));
    expect(e.code).toBe('url_forbidden_address');
  });

  it('connects to the address it checked (pinned), resolving the name once per hop', async () => {
    const asked: string[] = [];
    const resolve: Resolver = async (h) => {
      asked.push(h);
      return [{ address: '127.0.0.1', family: 4 }];
    };
    // "photos.invalid" exists in no DNS: only the pinned address can have reached our server.
    const r = await safeFetch(`http://photos.invalid:${port}/photo.jpg`, opts({ resolve }));
    expect(r.body!.equals(jpeg)).toBe(true);
    expect(asked).toEqual(['photos.invalid']);
  });

  it('follows up to the redirect limit and no further', async () => {
    expect((await safeFetch(`${base}/chain?n=6`, opts())).finalUrl).toBe(`${base}/photo.jpg`);
    const e = await refusal(safeFetch(`${base}/chain?n=4`, opts()));
    expect(e.code).toBe('url_too_many_redirects');
  });

  it('stops a 50 MB body while it streams, and a declared one before reading it', async () => {
    const closed = once(seen, 'huge-closed');
    const e = await refusal(safeFetch(`${base}/huge`, opts()));
    expect(e.status).toBe(413);
    expect(e.code).toBe('url_too_large');
    // The server sees the connection close before it has sent the 50 MB.
    const [sent] = await closed;
    expect(sent).toBeLessThan(50);
    const d = await refusal(safeFetch(`${base}/declared-huge`, opts()));
    expect(d.code).toBe('url_too_large');
  });

  it('gives up after the time limit', async () => {
    const e = await refusal(safeFetch(`${base}/slow`, opts({ timeoutMs: 300 })));
    expect(e.code).toBe('url_timeout');
  });

  it('refuses an HTML page: the bytes are not an image', async () => {
    const e = await refusal(safeFetch(`${base}/page.html`, opts()));
    expect(e.status).toBe(415);
    expect(e.code).toBe('url_not_image');
  });

  it('refuses other schemes, credentials and garbage', async () => {
    for (const u of ['file:///etc/passwd', 'ftp://example.com/a.jpg', 'data:image/jpeg;base64,/9j/', 'javascript:alert(1)', 'not a url', 'http://user:pw@example.com/a.jpg']) {
      const e = await refusal(safeFetch(u, opts()));
      expect(e.code).toBe('url_invalid');
    }
  });

  it('reports an error status and an unreachable host as url_fetch_failed', async () => {
    const e = await refusal(safeFetch(`${base}/missing.jpg`, opts()));
    expect(e.code).toBe('url_fetch_failed');
    expect((e.details as { status: number }).status).toBe(404);
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const c = await refusal(safeFetch(`http://127.0.0.1:${deadPort}/x.jpg`, opts()));
    expect(c.code).toBe('url_fetch_failed');
  });
});
