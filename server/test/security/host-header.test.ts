import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

// DNS rebinding: a page on evil.example makes its name resolve to 127.0.0.1 and reads this server as its own
// origin. Its requests still name evil.example in Host, so a Host that is not one of this server's names is
// refused before any route runs.

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** A GET over a real socket with a Host header of our choosing (fetch does not let one set Host). */
function get(port: number, path: string, host: string): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

function rawStatus(port: number, request: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1', () => sock.write(request));
    let text = '';
    sock.on('data', (c: Buffer) => (text += c.toString('latin1')));
    sock.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)));
    sock.on('error', reject);
  });
}

async function listen(app: TestApp) {
  await app.app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.app.server.address();
  if (!addr || typeof addr !== 'object') throw new Error('not listening');
  return addr.port;
}

describe('Host header', () => {
  it('refuses a foreign host on /export/backup (and everywhere), answers loopback names on its own port', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
    const port = await listen(t);
    for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1.nip.io:${port}`, `localhost.evil.example:${port}`, `[::1]x:${port}`]) {
      const r = await get(port, '/export/backup', host);
      expect(r.status, host).toBe(421);
      expect(JSON.parse(r.body).error.code, host).toBe('misdirected_host');
      expect(r.headers['content-disposition'], host).toBeUndefined();
      // Security headers go with refusals too.
      expect(r.headers['x-content-type-options']).toBe('nosniff');
    }
    expect((await get(port, '/health', `evil.example:${port}`)).status).toBe(421);
    // An empty Host, written on a raw socket (HTTP clients fill one in).
    expect(await rawStatus(port, 'GET /health HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n')).toBe(421);
    // The right name on another port is not this server either (a proxy or NAT in front must be declared).
    expect((await get(port, '/health', `localhost:${port + 1}`)).status).toBe(421);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`, `127.0.0.2:${port}`]) {
      const r = await get(port, '/export/backup', host);
      expect(r.status, host).toBe(200);
      expect(r.headers['content-type']).toContain('application/zip');
    }
  });

  it('also answers PUBLIC_URL\'s host and ALLOWED_HOSTS, with their ports', async () => {
    t = await createTestApp({ PUBLIC_URL: 'https://vinted.example.org', ALLOWED_HOSTS: 'nas.local, 192.168.1.20:8080', PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
    const port = await listen(t);
    const status = async (host: string) => (await get(port, '/health', host)).status;
    expect(await status('vinted.example.org')).toBe(200);
    expect(await status('vinted.example.org:443')).toBe(200);
    expect(await status('Vinted.Example.Org')).toBe(200);
    expect(await status('vinted.example.org:8443')).toBe(421);
    expect(await status('example.org')).toBe(421);
    expect(await status('nas.local')).toBe(200);
    expect(await status('nas.local:9999')).toBe(200);
    expect(await status('192.168.1.20:8080')).toBe(200);
    expect(await status('192.168.1.20:8081')).toBe(421);
    expect(await status(`localhost:${port}`)).toBe(200);
    const backup = await get(port, '/export/backup', 'vinted.example.org');
    expect(backup.status).toBe(200);
  });

  it('checks the forwarded host, not the proxy\'s, when TRUST_PROXY trusts the proxy', async () => {
    t = await createTestApp({ PUBLIC_URL: 'https://vinted.example.org', TRUST_PROXY: '1', PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
    const ok = await t.app.inject({ method: 'GET', url: '/health', headers: { host: '127.0.0.1:8001', 'x-forwarded-host': 'vinted.example.org', 'x-forwarded-proto': 'https' } });
    expect(ok.statusCode).toBe(200);
    const bad = await t.app.inject({ method: 'GET', url: '/health', headers: { host: '127.0.0.1:8001', 'x-forwarded-host': 'evil.example' } });
    expect(bad.statusCode).toBe(421);
  });
});
