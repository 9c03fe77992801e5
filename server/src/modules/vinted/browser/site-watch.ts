import type { Page, Response } from 'playwright-core';
import { classifyPage, classifyResponse, type PageObservation, type Signal } from '../challenge-signals.ts';

// Watches everything the site answers while the browser works (the page itself and the front end's /api/v2/
// calls) and what the page shows, so the first challenge, 429 or lost session stops the flow at once.

export class SiteSignalError extends Error {
  constructor(readonly signal: Signal) {
    super(`Vinted asked for a human: ${signal.reason} (${signal.detail})`);
    this.name = 'SiteSignalError';
  }
}

/** The site answered 5xx while the form was being filled: a transient failure, worth a later retry. */
export class SiteUnavailableError extends Error {
  constructor(readonly status: number) {
    super(`Vinted answered ${status} while the form was being filled`);
    this.name = 'SiteUnavailableError';
  }
}

/** A field of the form could not be found through any of its selectors: the form changed on Vinted's side. */
export class FormChangedError extends Error {
  constructor(readonly field: string) {
    super(`The Vinted form changed: "${field}" was not found`);
    this.name = 'FormChangedError';
  }
}

export class SiteWatch {
  private first: Signal | null = null;
  private upgraded = false;
  private pending = new Set<Promise<void>>();
  /** Writes the site received from this page (photo uploads, saves, publications) that it accepted. */
  readonly accepted: { method: string; path: string; status: number }[] = [];
  /** The last 5xx the site answered, if any. */
  serverError: number | null = null;
  private readonly host: string;
  private readonly onResponse = (res: Response) => this.observe(res);

  constructor(private readonly page: Page, baseUrl: string) {
    this.host = new URL(baseUrl).host;
    page.on('response', this.onResponse);
  }

  detach(): void {
    this.page.off('response', this.onResponse);
  }

  private observe(res: Response): void {
    let url: URL;
    try {
      url = new URL(res.url());
    } catch {
      return;
    }
    if (url.host !== this.host) return;
    const req = res.request();
    const status = res.status();
    const isDocument = req.resourceType() === 'document';
    const isApi = url.pathname.startsWith('/api/');
    if (!isDocument && !isApi) return;
    if (isApi && req.method() !== 'GET' && status < 300) this.accepted.push({ method: req.method(), path: url.pathname, status });
    if (status >= 500) this.serverError = status;
    const headers = res.headers();
    const p = (async () => {
      // A successful page is judged by what it renders (probePage), not by its HTML source, which may mention the
      // anti-bot vendor's script on every ordinary page; error pages and API answers are read.
      const body = status >= 300 || isApi ? await res.text().catch(() => '') : '';
      const signal = classifyResponse({
        status, url: res.url(), contentType: headers['content-type'] ?? null, body, location: headers.location ?? null,
        retryAfter: headers['retry-after'] ?? null, expectJson: isApi && status !== 204,
      });
      if (signal && !this.first) this.first = signal;
    })();
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** The first signal seen so far, after every answer in flight was looked at. */
  async signal(): Promise<Signal | null> {
    while (this.pending.size) await Promise.all([...this.pending]);
    if (this.first?.kind === 'forbidden' && !this.upgraded) {
      // A bare 403 whose body could not be read: the front end may be showing the captcha it named. Either way we
      // stop; this only makes the reason the seller reads the right one.
      this.upgraded = true;
      await this.page.waitForTimeout(300).catch(() => undefined);
      const seen = await probePage(this.page);
      const onPage = seen ? classifyPage(seen) : null;
      if (onPage?.kind === 'challenge') this.first = onPage;
    }
    return this.first;
  }

  /**
   * Throws at the first sign the site wants a human, from its answers or from what the page shows; when a field
   * went missing after the site failed (5xx), that failure is the explanation rather than a changed form.
   */
  async explainMissing(field: string): Promise<never> {
    await this.check();
    if (this.serverError !== null) throw new SiteUnavailableError(this.serverError);
    throw new FormChangedError(field);
  }

  /** Throws at the first sign the site wants a human, from its answers or from what the page shows. */
  async check(): Promise<void> {
    const fromResponses = await this.signal();
    if (fromResponses) throw new SiteSignalError(fromResponses);
    const seen = await probePage(this.page);
    const fromPage = seen ? classifyPage(seen) : null;
    if (fromPage) {
      this.first ??= fromPage;
      throw new SiteSignalError(fromPage);
    }
  }
}

// A string, not a function, for the same reason as the form read-back: tsx's helpers do not exist in the page.
const PROBE_SCRIPT = `({
  title: document.title,
  text: ((document.body && document.body.innerText) || '').slice(0, 4000),
  iframeSources: Array.prototype.map.call(document.querySelectorAll('iframe'), function (f) { return f.getAttribute('src') || ''; }),
  hasCaptchaElement: !!document.querySelector('#captcha__element, #cf-challenge-running, #challenge-form')
})`;

/** What the page shows that matters for challenges: frames, the captcha element, its title and text. */
export async function probePage(page: Page): Promise<PageObservation | null> {
  try {
    const seen = (await page.evaluate(PROBE_SCRIPT)) as Omit<PageObservation, 'url'>;
    return { url: page.url(), ...seen };
  } catch {
    // A navigation in progress destroys the context; the next check looks again.
    return null;
  }
}
