import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeVinted, type FakeVinted } from '../fakes/vinted-site/fake-vinted.ts';
import { browserSuite, CHROMIUM, requireChromium } from './vinted-fixtures.ts';

// Drives Chromium: skipped, saying so, where it is missing (CI has it).
const browser = browserSuite();

// The connector as the seller runs it: `tsx server/src/main.ts serve` in its own process (tsx's transform, not
// vitest's), prepare and publish over real HTTP against the fake Vinted. Scripts sent into the page must survive
// that transform; this is where a difference would show.

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let fake: FakeVinted;
let server: ChildProcess;
let base: string;
let dataDir: string;
let output = '';

beforeAll(async () => {
  if (!browser) return;
  requireChromium();
  fake = await startFakeVinted();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-served-'));
  server = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', 'serve'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '', VINTED_BASE_URL: fake.url, VINTED_QUEUE_INTERVAL_SECONDS: '0', CHROMIUM_PATH: CHROMIUM, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Started when it prints its address; an exit before that fails with what it printed (the hook's timeout bounds the wait).
  base = await new Promise<string>((resolve, reject) => {
    const read = (d: Buffer) => {
      output += d;
      const m = output.match(/App:\s+(http:\/\/\S+?)\/\s/);
      if (m) resolve(m[1]);
    };
    server.stdout!.on('data', read);
    server.stderr!.on('data', read);
    server.once('exit', (code) => reject(new Error(`the server exited (${code}) before it started:\n${output}`)));
  });
});

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
  await fake?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function call(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${url}`, { method, headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe('served by tsx', () => {
  it('prepares and publishes through the running server', async () => {
    expect((await call('PATCH', '/vinted/settings', { publication_enabled: true, acknowledge_terms: true })).status).toBe(200);
    const { cookie } = fake.addSession('served_seller');
    expect((await call('POST', '/vinted/auth/session', { cookie })).body).toMatchObject({ ok: true, username: 'served_seller' });
    const jpeg = await sharp({ create: { width: 640, height: 800, channels: 3, background: '#2b4a6f' } }).jpeg().toBuffer();
    const form = new FormData();
    form.append('photo', new Blob([jpeg], { type: 'image/jpeg' }), 'tee.jpg');
    const up = (await (await fetch(`${base}/vinted/photos/upload`, { method: 'POST', body: form })).json()) as { photo: { temp_id: string } };
    const prepared = await call('POST', '/vinted/listings/prepare', {
      title: 'T-shirt bleu coton bio', price: 7, description: 'T-shirt bleu en coton bio, taille S.', brand: 'Zara', size: 'S', condition: 'very_good',
      color: 'blue', category_hint: 't-shirt', photos: [up.photo.temp_id],
    });
    expect(prepared.status, JSON.stringify(prepared.body).slice(0, 300)).toBe(200);
    expect(prepared.body.draft_context.warnings).toEqual([]);
    expect(prepared.body.draft_context.filled).toMatchObject({ title: 'T-shirt bleu coton bio', price_cents: 700, photos: 1, colours: { ids: [9] } });
    const published = await call('POST', '/vinted/listings/publish', { confirm_token: prepared.body.confirm_token, dry_run: false }, { 'idempotency-key': 'served-1' });
    expect(published.body).toMatchObject({ ok: true, dry_run: false, listing_id: expect.stringMatching(/^\d+$/) });
    expect(fake.items.size).toBe(1);
    expect(output).not.toContain(cookie.split(';')[0].split('=')[1]);
  });
});
