import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { WebApp } from '../../src/modules/web/web-app.ts';
import { webRoutes } from '../../src/modules/web/web.routes.ts';
import { installSecurityHeaders } from '../../src/platform/http/security-headers.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ API_TOKEN: 'test-token-0123456789abcdef', PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
});
afterAll(async () => {
  await t?.close();
});

function directives(csp: string | undefined): Map<string, string[]> {
  return new Map((csp ?? '').split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
    const [name, ...values] = d.split(/\s+/);
    return [name, values] as [string, string[]];
  }));
}

function expectBaseHeaders(h: Record<string, unknown>, label: string) {
  expect(h['x-content-type-options'], label).toBe('nosniff');
  expect(h['referrer-policy'], label).toBe('no-referrer');
  expect(h['x-frame-options'], label).toBe('DENY');
  const csp = directives(h['content-security-policy'] as string);
  expect(csp.get('frame-ancestors'), label).toEqual(["'none'"]);
}

describe('security headers', () => {
  it('are on every answer: data, errors, refusals, health', async () => {
    const cases = [
      { url: '/health' },
      { url: '/listings' }, // 401 without the token
      { url: '/listings', headers: { authorization: 'Bearer test-token-0123456789abcdef' } },
      { url: '/no/such/route', headers: { authorization: 'Bearer test-token-0123456789abcdef' } },
      { url: '/health', headers: { host: 'evil.example' } }, // 421
      { url: '/listings', method: 'POST' as const, headers: { origin: 'http://evil.example' } }, // 403
    ];
    for (const c of cases) {
      const res = await t.app.inject({ method: c.method ?? 'GET', url: c.url, headers: c.headers });
      expectBaseHeaders(res.headers, `${c.url} → ${res.statusCode}`);
      const csp = directives(res.headers['content-security-policy'] as string);
      expect(csp.get('script-src')?.filter((s) => !s.startsWith("'nonce-"))).toEqual(["'self'"]);
      expect(csp.get('upgrade-insecure-requests')).toBeUndefined();
    }
    // No HSTS over plain http.
    expect((await t.app.inject({ url: '/health' })).headers['strict-transport-security']).toBeUndefined();
  });

  it('gives Swagger UI at /docs its own policy (inline styles), not the app\'s', async () => {
    const res = await t.app.inject({ url: '/docs/', headers: { authorization: 'Bearer test-token-0123456789abcdef' } });
    expect(res.statusCode).toBe(200);
    const csp = directives(res.headers['content-security-policy'] as string);
    expect(csp.get('style-src')).toContain("'unsafe-inline'");
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    // The app's own answers never allow inline styles without the nonce.
    const app = directives((await t.app.inject({ url: '/health' })).headers['content-security-policy'] as string);
    expect(app.get('style-src')).not.toContain("'unsafe-inline'");
  });
});

describe('the web app page', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-csp-'));
  const HTML = '<!doctype html><html><head><meta property="csp-nonce" nonce="VINTEDBOT_CSP_NONCE" />'
    + '<script src="/assets/theme-boot-0123456789.js"></script><script type="module" crossorigin src="/assets/index-abc.js" nonce="VINTEDBOT_CSP_NONCE"></script></head><body><div id="root"></div></body></html>';
  beforeAll(() => {
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), HTML);
    fs.writeFileSync(path.join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('carries a fresh style nonce per answer, the same in its meta tag and in its CSP, and no inline script', async () => {
    const app = Fastify();
    await installSecurityHeaders(app, { PUBLIC_URL: undefined, CORS_ORIGINS: [] });
    await app.register(async (s) => webRoutes(s, new WebApp(dir)));
    await app.ready();
    try {
      const nonces: string[] = [];
      for (let i = 0; i < 2; i++) {
        const res = await app.inject({ url: '/stock', headers: { accept: 'text/html' } });
        expect(res.statusCode).toBe(200);
        const csp = directives(res.headers['content-security-policy'] as string);
        const styleNonce = csp.get('style-src')!.find((s) => s.startsWith("'nonce-"))!.slice(7, -1);
        expect(res.body).toContain(`<meta property="csp-nonce" nonce="${styleNonce}" />`);
        expect(res.body).not.toContain('VINTEDBOT_CSP_NONCE');
        // Every script of the page is a file (script-src 'self'); none is inline.
        expect([...res.body.matchAll(/<script(?![^>]*\bsrc=)[^>]*>/g)]).toEqual([]);
        expect(csp.get('style-src')).not.toContain("'unsafe-inline'");
        nonces.push(styleNonce);
      }
      expect(nonces[0]).not.toBe(nonces[1]);
      const asset = await app.inject({ url: '/assets/index-abc.js' });
      expectBaseHeaders(asset.headers, 'asset');
    } finally {
      await app.close();
    }
  });

  it('is built without inline scripts (checked on web/dist when a build is there)', () => {
    const built = path.resolve(import.meta.dirname, '../../../web/dist/index.html');
    if (!fs.existsSync(built)) return;
    const html = fs.readFileSync(built, 'utf8');
    expect([...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>/g)].map((m) => m[0])).toEqual([]);
    expect(html).not.toMatch(/<style[\s>]/);
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).toContain('property="csp-nonce"');
  });
});
