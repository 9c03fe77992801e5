import Fastify, { type FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { installErrorHandling } from '../../src/platform/http/error-handler.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { createTestApp, json } from '../helpers/test-app.ts';

const TOKEN = 'test-token-0123456789abcdef';

describe('configuration', () => {
  it('refuses to listen beyond this machine without an API token, listing every problem at once', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/API_TOKEN/);
    try {
      loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems.join('\n')).toMatch(/PORT[\s\S]*LOG_LEVEL/);
    }
    expect(loadConfig({ HOST: '0.0.0.0', API_TOKEN: TOKEN }).HOST).toBe('0.0.0.0');
    expect(loadConfig({}).PORT).toBe(8001);
  });
});

describe('API token', () => {
  it('guards every route but /health and /ready, and keeps the token out of the logs', async () => {
    const t = await createTestApp({ API_TOKEN: TOKEN });
    try {
      expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200);
      const none = await t.app.inject({ method: 'GET', url: '/listings' });
      expect(none.statusCode).toBe(401);
      expect(none.json().error.code).toBe('unauthorized');
      expect((await t.app.inject({ method: 'GET', url: '/listings', headers: { authorization: 'Bearer wrong-token-000000000' } })).statusCode).toBe(401);
      const ok = await t.app.inject({ method: 'POST', url: '/listings', payload: JSON.stringify({ title: 'Pull Zara M' }), headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', cookie: 'access_token_web=SECRETCOOKIE123' } });
      expect(ok.statusCode).toBe(201);
      expect((await t.app.inject({ method: 'GET', url: '/docs/json' })).statusCode).toBe(401);
      const logs = t.logs.join('');
      expect(logs).toContain('"url":"/listings"');
      expect(logs).not.toContain(TOKEN);
      expect(logs).not.toContain('SECRETCOOKIE123');
    } finally {
      await t.close();
    }
  });
});

describe('CORS', () => {
  it('is closed by default and open to the listed origins only', async () => {
    const closed = await createTestApp();
    try {
      const res = await closed.app.inject({ method: 'GET', url: '/health', headers: { origin: 'https://my-front.lovable.app' } });
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await closed.close();
    }
    const open = await createTestApp({ CORS_ORIGINS: 'https://my-front.lovable.app, http://localhost:5173' });
    try {
      const pre = await open.app.inject({
        method: 'OPTIONS', url: '/listings',
        headers: { origin: 'https://my-front.lovable.app', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
      });
      expect(pre.statusCode).toBe(204);
      expect(pre.headers['access-control-allow-origin']).toBe('https://my-front.lovable.app');
      const other = await open.app.inject({ method: 'GET', url: '/health', headers: { origin: 'https://evil.example' } });
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await open.close();
    }
  });
});

describe('rate limit and request ids', () => {
  it('answers 429 with Retry-After in the common error shape past the limit', async () => {
    const t = await createTestApp({ RATE_LIMIT_MAX: '3' });
    try {
      const codes: number[] = [];
      let last;
      for (let i = 0; i < 5; i++) {
        last = await t.app.inject({ method: 'GET', url: '/listings' });
        codes.push(last.statusCode);
      }
      expect(codes).toEqual([200, 200, 200, 429, 429]);
      expect(last!.headers['retry-after']).toBeDefined();
      expect(last!.json().error.code).toBe('rate_limited');
      expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('gives every response a request id, echoing a well-formed one from the client', async () => {
    const t = await createTestApp();
    try {
      const a = await t.app.inject({ method: 'GET', url: '/health' });
      expect(a.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const b = await t.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'front-42' } });
      expect(b.headers['x-request-id']).toBe('front-42');
      const c = await t.app.inject({ method: 'GET', url: '/listings/0190a0a0-0000-7000-8000-000000000009', headers: { 'x-request-id': 'bad id with spaces' } });
      expect(c.headers['x-request-id']).not.toBe('bad id with spaces');
      expect(c.json().error.request_id).toBe(c.headers['x-request-id']);
    } finally {
      await t.close();
    }
  });

  it('masks the message of an unexpected error', async () => {
    const t = await createTestApp();
    try {
      await t.ctx.database.close();
      const res = await t.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Pull Zara M' }) });
      expect(res.statusCode).toBe(500);
      expect(res.json().error).toMatchObject({ code: 'internal_error', message: 'Internal server error' });
      const ready = await t.app.inject({ method: 'GET', url: '/ready' });
      expect(ready.statusCode).toBe(503);
    } finally {
      await t.app.close();
    }
  });
});

describe('errors in request handlers', () => {
  it('are logged and answered 500 in the common shape, whatever was thrown, and the app goes on', async () => {
    const logs: string[] = [];
    const app = Fastify({ loggerInstance: pino({ level: 'error' }, { write: (l: string) => void logs.push(l) }) as FastifyBaseLogger });
    installErrorHandling(app);
    app.get('/type-error', async () => (undefined as unknown as { x: number }).x);
    app.get('/string', async () => {
      throw 'plain string';
    });
    app.get('/undefined', async () => {
      throw undefined;
    });
    app.get('/sync', () => {
      throw new RangeError('Invalid string length');
    });
    app.get('/ok', async () => ({ ok: true }));
    try {
      for (const url of ['/type-error', '/string', '/undefined', '/sync']) {
        const res = await app.inject({ url });
        expect(res.statusCode, url).toBe(500);
        expect(res.json().error, url).toMatchObject({ code: 'internal_error', message: 'Internal server error', request_id: expect.any(String) });
      }
      expect(logs.filter((l) => l.includes('unhandled error'))).toHaveLength(4);
      expect(logs.join('')).toContain('Invalid string length');
      expect((await app.inject({ url: '/ok' })).json()).toEqual({ ok: true });
    } finally {
      await app.close();
    }
  });
});
