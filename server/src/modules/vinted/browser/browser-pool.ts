import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Logger } from 'pino';
import { AppError } from '../../../platform/errors.ts';
import type { ParsedCookie } from '../cookie-header.ts';
import { SiteWatch } from './site-watch.ts';

// One Chromium (Debian's package, driven by playwright-core) and a bounded pool of browser contexts, each holding
// one prepared form until it is published, released, or its time runs out. Publish continues the very page that
// prepare filled; it never opens a fresh form.

/**
 * The only flags we pass. No stealth or fingerprint flag (no --disable-blink-features=AutomationControlled, no
 * --disable-web-security): the site sees an automated browser for what it is.
 */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run',
  '--disable-quic', '--disable-sync',
] as const;

export interface PooledForm {
  key: string;
  context: BrowserContext;
  page: Page;
  watch: SiteWatch;
  createdAt: number;
  expiresAt: number;
}

export interface BrowserPoolOptions {
  executablePath: string;
  maxForms: number;
  ttlMs: number;
  navTimeoutMs: number;
  log: Logger;
}

export class BrowserPool {
  private browser: Promise<Browser> | null = null;
  private readonly forms = new Map<string, PooledForm>();
  private readonly sweeper: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly opts: BrowserPoolOptions) {
    this.sweeper = setInterval(() => void this.sweep(), 30_000);
    this.sweeper.unref();
  }

  /** Opens a context for `key` carrying the seller's cookies; the oldest form is closed first when the pool is full. */
  async open(key: string, baseUrl: string, cookies: ParsedCookie[]): Promise<PooledForm> {
    if (this.closed) throw new AppError(503, 'browser_unavailable', 'The browser is shutting down');
    await this.sweep();
    while (this.forms.size >= this.opts.maxForms) {
      const oldest = [...this.forms.values()].sort((a, b) => a.createdAt - b.createdAt)[0];
      this.opts.log.info({ form: oldest.key }, 'browser pool full: closing the oldest prepared form');
      await this.release(oldest.key);
    }
    const browser = await this.launch();
    // No user agent override: the browser says what it is (HeadlessChrome), whatever the seller's own browser was.
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 }, acceptDownloads: false });
    try {
      context.setDefaultTimeout(this.opts.navTimeoutMs);
      context.setDefaultNavigationTimeout(this.opts.navTimeoutMs);
      await context.addCookies(cookies.map((c) => ({ name: c.name, value: c.value, url: baseUrl })));
      const page = await context.newPage();
      const now = Date.now();
      const form: PooledForm = { key, context, page, watch: new SiteWatch(page, baseUrl), createdAt: now, expiresAt: now + this.opts.ttlMs };
      this.forms.set(key, form);
      return form;
    } catch (e) {
      await context.close().catch(() => undefined);
      throw e;
    }
  }

  /** The live form for `key`, or null when it was released, expired, or the browser went away. */
  get(key: string): PooledForm | null {
    const f = this.forms.get(key);
    if (!f) return null;
    if (f.expiresAt <= Date.now() || f.page.isClosed()) {
      void this.release(key);
      return null;
    }
    return f;
  }

  async release(key: string): Promise<void> {
    const f = this.forms.get(key);
    if (!f) return;
    this.forms.delete(key);
    f.watch.detach();
    await f.context.close().catch(() => undefined);
  }

  async releaseAll(): Promise<void> {
    for (const key of [...this.forms.keys()]) await this.release(key);
  }

  size(): number {
    return this.forms.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    await this.releaseAll();
    const b = this.browser;
    this.browser = null;
    if (b) await (await b.catch(() => null))?.close().catch(() => undefined);
  }

  private async sweep(): Promise<void> {
    const now = Date.now();
    for (const f of [...this.forms.values()]) if (f.expiresAt <= now || f.page.isClosed()) await this.release(f.key);
  }

  private launch(): Promise<Browser> {
    if (!this.browser) {
      if (!fs.existsSync(this.opts.executablePath)) {
        throw new AppError(503, 'browser_unavailable', `Chromium was not found at ${this.opts.executablePath}: install it (apt-get install chromium) or set CHROMIUM_PATH`, { path: this.opts.executablePath });
      }
      // Imported on first launch: playwright-core holds about 70 MB once loaded, and most runs never open a browser.
      const started = import('playwright-core').then(({ chromium }) => chromium.launch({ executablePath: this.opts.executablePath, headless: true, args: [...CHROMIUM_ARGS], timeout: 60_000 }));
      this.browser = started.then((b) => {
        b.on('disconnected', () => {
          this.opts.log.warn('the browser went away: prepared forms are lost');
          this.browser = null;
          this.forms.clear();
        });
        return b;
      });
      started.catch(() => {
        this.browser = null;
      });
    }
    return this.browser;
  }
}
