import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterEach, describe, expect, test } from 'vitest';
import { installErrorHandling } from '../../src/platform/http/error-handler.ts';
import { installApiToken } from '../../src/platform/security/api-token.ts';
import { rootRoutes } from '../../src/modules/insights/index.ts';
import { isWebAppRequest, WebApp } from '../../src/modules/web/index.ts';
import { webRoutes } from '../../src/modules/web/web.routes.ts';

// The web app's serving rules (modules/web, the root page of modules/insights) on a real Fastify app with the real
// token hook and error handler, over a built app in a temp dir.
const TOKEN = 'test-token-0123456789';
const HTML = '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';
const dirs: string[] = [];
const apps: FastifyInstance[] = [];

function distDir(built: boolean) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-web-'));
  dirs.push(dir);
  if (built) {
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), HTML);
    fs.writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log("app")');
  }
  return dir;
}

async function appWith(dist: string, token?: string) {
  const app = Fastify();
  apps.push(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const web = new WebApp(dist);
  installErrorHandling(app, { notFoundPage: (req, reply) => web.sendNotFoundPage(req, reply) });
  installApiToken(app, token, undefined, isWebAppRequest);
  await app.register(async (s) => rootRoutes(s, { web, version: '9.9.9' }));
  await app.register(async (s) => webRoutes(s, web));
  // Stands in for any API route.
  app.get('/listings', async () => ({ items: [] }));
  await app.ready();
  return app;
}

afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const browser = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

describe('serving the web app', () => {
  test('a browser gets the app at / and at client routes; API clients keep the JSON root', async () => {
    const app = await appWith(distDir(true));
    const page = await app.inject({ url: '/', headers: browser });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.body).toBe(HTML);
    for (const url of ['/stock', '/stock/0193a0c4-7b9e-7d1e-9b1a-2f5e8c1d4a6b', '/annonce/nouvelle', '/lot', '/fichiers', '/reglages']) {
      const r = await app.inject({ url, headers: browser });
      expect(r.statusCode, url).toBe(200);
      expect(r.body).toBe(HTML);
    }
    const json = await app.inject({ url: '/' });
    expect(json.json()).toMatchObject({ name: 'VintedBot', version: '9.9.9' });
    const asset = await app.inject({ url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toContain('app');
    expect(asset.headers['cache-control']).toContain('immutable');
    const missing = await app.inject({ url: '/assets/nope-123.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('route_not_found');
  });

  test('without a build, / answers the JSON root and client routes say how to build', async () => {
    const app = await appWith(distDir(false));
    const root = await app.inject({ url: '/', headers: browser });
    expect(root.statusCode).toBe(200);
    expect(root.json().name).toBe('VintedBot');
    const page = await app.inject({ url: '/stock', headers: browser });
    expect(page.statusCode).toBe(404);
    expect(page.json().error.code).toBe('web_app_not_built');
  });

  test('with API_TOKEN, the app files load without it but every API route still needs it', async () => {
    const app = await appWith(distDir(true), TOKEN);
    expect((await app.inject({ url: '/', headers: browser })).statusCode).toBe(200);
    expect((await app.inject({ url: '/stock', headers: browser })).statusCode).toBe(200);
    expect((await app.inject({ url: '/assets/index-abc123.js' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/listings', headers: browser })).statusCode).toBe(401);
    expect((await app.inject({ url: '/' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/stock', headers: browser })).statusCode).toBe(401);
    // Look-alike paths are not let through: at most the app's not-found page, never data.
    for (const url of ['/assets/../listings', '/assets/%2e%2e/listings', '/stock/../listings', '/assets/x.js/../../listings', '/lot/extra/listings']) {
      const r = await app.inject({ url, headers: browser });
      expect([401, 404], url).toContain(r.statusCode);
      expect(r.body, url).not.toContain('items');
      const api = await app.inject({ url });
      expect([401, 404], url).toContain(api.statusCode);
      expect(api.body, url).not.toContain('"items"');
    }
    const ok = await app.inject({ url: '/listings', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.statusCode).toBe(200);
  });
});

describe('unknown addresses', () => {
  test('a browser gets the app’s own not-found page (404, HTML); API clients keep the JSON 404', async () => {
    const app = await appWith(distDir(true));
    for (const url of ['/reglage', '/Stock', '/stock/abc/def', '/nope?x=1']) {
      const page = await app.inject({ url, headers: browser });
      expect(page.statusCode, url).toBe(404);
      expect(page.headers['content-type'], url).toContain('text/html');
      expect(page.body, url).toBe(HTML);
      const json = await app.inject({ url, headers: { accept: 'application/json' } });
      expect(json.statusCode, url).toBe(404);
      expect(json.json().error.code, url).toBe('route_not_found');
    }
    // Writes to an unknown address are API calls: JSON.
    const post = await app.inject({ method: 'POST', url: '/reglage', headers: browser });
    expect(post.json().error.code).toBe('route_not_found');
  });

  test('with API_TOKEN, the not-found page loads without it (it holds no data); unknown API calls still need it', async () => {
    const app = await appWith(distDir(true), TOKEN);
    const page = await app.inject({ url: '/reglage', headers: browser });
    expect(page.statusCode).toBe(404);
    expect(page.body).toBe(HTML);
    expect((await app.inject({ url: '/reglage' })).statusCode).toBe(401);
  });

  test('without a build, a browser gets the JSON 404', async () => {
    const app = await appWith(distDir(false));
    const page = await app.inject({ url: '/reglage', headers: browser });
    expect(page.statusCode).toBe(404);
    expect(page.json().error.code).toBe('route_not_found');
  });
});

describe('isWebAppRequest', () => {
  test('only reads of app files and pages', () => {
    expect(isWebAppRequest('GET', '/assets/index-DMviowJ4.js', undefined)).toBe(true);
    expect(isWebAppRequest('HEAD', '/stock', undefined)).toBe(true);
    expect(isWebAppRequest('GET', '/', 'text/html')).toBe(true);
    expect(isWebAppRequest('GET', '/', '*/*')).toBe(false);
    expect(isWebAppRequest('DELETE', '/stock', 'text/html')).toBe(false);
    expect(isWebAppRequest('GET', '/listings', 'text/html')).toBe(false);
    expect(isWebAppRequest('GET', '/assets/.env', undefined)).toBe(false);
    // An address no route answers: the app's not-found page for a browser only.
    expect(isWebAppRequest('GET', '/reglage', 'text/html', true)).toBe(true);
    expect(isWebAppRequest('GET', '/reglage', 'application/json', true)).toBe(false);
    expect(isWebAppRequest('POST', '/reglage', 'text/html', true)).toBe(false);
  });
});
