import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { expect } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { startFakeVinted, type FakeVinted } from '../fakes/vinted-site/fake-vinted.ts';
import { CHROMIUM_PATH, suiteNeeds } from '../helpers/tiers.ts';

// Shared set-up of the Vinted tests: a fake Vinted on 127.0.0.1, an app pointed at it, real JPEG photos in the
// photo store, publish-ready items, a saved session, and publication turned on with the acknowledgement.

export const CHROMIUM = CHROMIUM_PATH;

/**
 * At the top of a file whose tests drive Chromium: true when it is there. Without it (a fresh clone) the file's tests
 * are skipped with the reason and its beforeAll must return early; CI installs Chromium and sets REQUIRE_CHROMIUM=1.
 */
export const browserSuite = () => suiteNeeds('chromium');

/** Inside a browser suite that runs: Chromium must be there, said with how to get it. */
export function requireChromium() {
  expect(fs.existsSync(CHROMIUM), `Chromium is missing at ${CHROMIUM}: apt-get install -y chromium`).toBe(true);
}

export interface VintedWorld {
  t: TestApp;
  fake: FakeVinted;
  cookie: string;
  token: string;
  userAgent: string;
  /** Every response body the app sent in this world (checked for secrets on close). */
  bodies: string[];
  close(): Promise<void>;
}

/**
 * The access token every Vinted test's session carries: a known value, so each world can show on close that it
 * reached no log, no answer and no file (the suite runs with it throughout).
 */
export const KNOWN_SESSION_TOKEN = 'atw.KNOWN-vintedbot-session-cookie-4f1d9c2b7a';

export async function vintedWorld(env: Record<string, string> = {}, opts: { token?: string } = {}): Promise<VintedWorld> {
  const fake = await startFakeVinted();
  const t = await createTestApp({ VINTED_BASE_URL: fake.url, VINTED_QUEUE_INTERVAL_SECONDS: '0', VINTED_NAV_TIMEOUT_MS: '8000', CHROMIUM_PATH: CHROMIUM, ...env });
  const { cookie, session } = fake.addSession('marie_dressing', opts.token ?? KNOWN_SESSION_TOKEN);
  const bodies: string[] = [];
  // Every answer is kept so the world can show, when it closes, that no secret ever reached one.
  const inject = t.app.inject.bind(t.app) as (o: unknown) => Promise<{ body: string }>;
  (t.app as unknown as { inject: (o: unknown) => Promise<unknown> }).inject = async (o: unknown) => {
    const r = await inject(o);
    bodies.push(r.body);
    return r;
  };
  const w: VintedWorld = {
    t, fake, cookie, token: session.token, userAgent: `Mozilla/5.0 (X11; Linux x86_64) SellerBrowser/${randomUUID()}`, bodies,
    async close() {
      try {
        assertNoSecrets(w);
      } finally {
        await t.close();
        await fake.close();
      }
    },
  };
  return w;
}

/** The session's secrets (the cookie, each of its values, the user agent) appear in no log, answer or file. */
export function assertNoSecrets(w: VintedWorld) {
  const values = w.cookie.split(';').map((p) => p.trim().split('=').slice(1).join('=')).filter((v) => v.length >= 12);
  const secrets = [w.cookie, w.userAgent, ...values];
  const haystacks: [string, string | Buffer][] = [
    ['logs', w.t.logs.join('\n')], ['console lines', w.t.lines.join('\n')], ...w.bodies.map((b, i) => [`response #${i}`, b] as [string, string]),
    ...listFiles(w.t.dataDir).map((f) => [f, fs.readFileSync(f)] as [string, Buffer]),
    // Chromium's profile folders, while a browser may still be open: contexts must keep cookies in memory only.
    ...fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('playwright_chromiumdev_profile-')).flatMap((n) => listFiles(path.join(os.tmpdir(), n)))
      .map((f) => [f, safeRead(f)] as [string, Buffer]),
  ];
  for (const [where, hay] of haystacks) {
    for (const s of secrets) {
      const found = typeof hay === 'string' ? hay.includes(s) : hay.indexOf(s) >= 0;
      expect(found, `a session secret reached ${where}`).toBe(false);
    }
  }
  return { secrets: secrets.length, places: haystacks.length };
}

function listFiles(dir: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p) : e.isFile() ? [p] : [];
  });
}

function safeRead(f: string): Buffer {
  try {
    return fs.readFileSync(f);
  } catch {
    return Buffer.alloc(0);
  }
}

const COLOURS = ['#1f2a5a', '#7a1f2b', '#2f5d3a', '#c9b48a', '#444444', '#d9d9d9'];

/** Real JPEG photos (a garment-like shape on a plain background) taken in through the photos module's own intake. */
export async function makePhotos(t: TestApp, n: number, seed = randomUUID()): Promise<string[]> {
  const files = [];
  for (let i = 0; i < n; i++) {
    const colour = COLOURS[(i + seed.charCodeAt(0)) % COLOURS.length];
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="800"><rect width="600" height="800" fill="#f4f1ec"/>
      <path d="M170 140 L250 110 Q300 150 350 110 L430 140 L520 260 L450 300 L430 260 L430 690 L170 690 L170 260 L150 300 L80 260 Z" fill="${colour}"/>
      <text x="300" y="760" font-size="28" text-anchor="middle" fill="#555">${seed.slice(0, 8)} · ${i + 1}</text></svg>`;
    files.push({ filename: `pull-${i + 1}.jpg`, buffer: await sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer() });
  }
  const ingested = await t.ctx.photos.ingestFiles(files);
  return ingested.map((p) => p.id);
}

export const READY_ITEM = {
  title: 'Pull col rond Ralph Lauren M',
  description: 'Pull col rond Ralph Lauren en laine mérinos, bleu marine.\nTaille M, porté quelques fois, très bon état.',
  brand: 'Ralph Lauren', category: 'jumper', size: 'M', condition: 'very_good', colors: ['navy'], price: 45,
  hashtags: ['ralphlauren', 'pull', 'laine'],
};

/** A publish-ready item with three real photos. */
export async function makeItem(t: TestApp, over: Record<string, unknown> = {}): Promise<{ id: string; photos: string[] } & Record<string, unknown>> {
  const photos = (over.photos as string[] | undefined) ?? (await makePhotos(t, 3));
  const res = await t.app.inject({ method: 'POST', url: '/listings', ...json({ ...READY_ITEM, ...over, photos }) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

export async function enablePublication(t: TestApp, extra: Record<string, unknown> = {}) {
  const res = await t.app.inject({ method: 'PATCH', url: '/vinted/settings', ...json({ publication_enabled: true, acknowledge_terms: true, ...extra }) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

export async function saveSession(w: VintedWorld) {
  const res = await w.t.app.inject({ method: 'POST', url: '/vinted/auth/session', ...json({ cookie: w.cookie, user_agent: w.userAgent, expires_at: null }) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** The usual start of a publication test: Chromium present, a world, publication on (a roomy write budget), a session saved. */
export async function publishingWorld(env: Record<string, string> = {}): Promise<VintedWorld> {
  requireChromium();
  const w = await vintedWorld(env);
  await enablePublication(w.t, { hourly_write_budget: 200 });
  await saveSession(w);
  return w;
}

export const prepare = (t: TestApp, body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/vinted/listings/prepare', ...json(body) });

export const publish = (t: TestApp, body: Record<string, unknown>, key?: string) =>
  t.app.inject({ method: 'POST', url: '/vinted/listings/publish', payload: JSON.stringify(body), headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) } });

export { json };
