import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = path.resolve(import.meta.dirname, '../../../../test-artifacts/e2e');

// The phone and laptop widths the app must work at.
export const PHONE = { width: 390, height: 844 };
export const LAPTOP = { width: 1440, height: 900 };
export type Viewport = typeof PHONE;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
  });
}

export interface Server extends TestApp {
  base: string;
}

/** The real app on a fresh database, listening on a free loopback port, serving the built web app. */
export async function startServer(env: Record<string, string> = {}): Promise<Server> {
  const t = await createTestApp(env);
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const addr = t.app.server.address();
  if (!addr || typeof addr !== 'object') throw new Error('server did not listen');
  return Object.assign(t, { base: `http://127.0.0.1:${addr.port}` });
}

export interface Tab {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught exceptions seen so far (a test ends by asserting there are none). */
  errors: string[];
  close(): Promise<void>;
}

/**
 * A fresh browser context at one width. Failed requests the test provokes on purpose (a refused status change)
 * show as "Failed to load resource" in the console; they are kept apart from real errors in `httpErrors`.
 */
export async function openTab(browser: Browser, base: string, viewport: Viewport, opts: { lang?: 'fr' | 'en'; storage?: Record<string, string> } = {}): Promise<Tab & { httpErrors: string[] }> {
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: 1,
    locale: opts.lang === 'en' ? 'en-GB' : 'fr-FR',
    hasTouch: viewport.width < 600,
    isMobile: false,
  });
  const storage = { ...(opts.lang ? { 'vintedbot.lang': opts.lang } : {}), ...opts.storage };
  if (Object.keys(storage).length) {
    await context.addInitScript((s) => {
      for (const [k, v] of Object.entries(s)) localStorage.setItem(k, v);
    }, storage);
  }
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  const httpErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) httpErrors.push(m.text());
    else errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(base);
  return { page, context, errors, httpErrors, close: () => context.close() };
}

/** Saves a full-page screenshot as a test artefact (test-artifacts/e2e/<name>-<width>.png) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  const file = path.join(ARTIFACTS, `${name}-${width}.png`);
  // Let images, skeletons and charts settle before the picture (the live SSE stream means the network is never idle).
  await page
    .waitForFunction(() => [...document.images].every((i) => i.complete) && !document.querySelector('[aria-busy="true"]'), null, { timeout: 10_000 })
    .catch(() => {});
  // Sticky and fixed bars are drawn where the viewport is: from the top they sit where a seller sees them.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(150);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

export async function api<T = unknown>(base: string, method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(base + url, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}
