import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DICTIONARIES as dictionaries } from '../../../web/src/i18n/dictionaries.ts';
import { buildSession } from '../bulk/fixtures/session-builder.ts';
import { api, LAPTOP, launchBrowser, openTab, PHONE, screenshot, type Server, startServer } from './helpers/browser.ts';
import { garmentPhotos } from './helpers/photos.ts';
import { seedStock, type SeedItem } from './helpers/seed.ts';

// Every page, in French then in English, at both widths: a page must not show a sentence of the other language,
// a raw code (snake_case, "Invalid input", "NaN"), or the server's English. What the seller typed (titles, brands)
// is the seller's, in any language: the stock below is seeded with words of no language.
let server: Server;
let browser: Browser;
let jobId = '';
const ids: Record<string, string> = {};

const NEUTRAL: SeedItem[] = [
  { title: 'Ralph Lauren M navy', brand: 'Ralph Lauren', size: 'M', category: 'jumper', condition: 'very_good', colors: ['navy'], price: 45, status: 'listed' },
  { title: 'Levi’s 501 W32 L34', brand: 'Levi’s', size: 'W32', category: 'jeans', condition: 'good', colors: ['blue'], price: 29.9, status: 'listed' },
  { title: 'Zara S 2024', brand: 'Zara', size: 'S', category: 'dress', condition: 'very_good', colors: ['multi'], price: 12, status: 'draft' },
  { title: 'Nike Air Max 90 – 42', brand: 'Nike', size: '42', category: 'trainers', condition: 'very_good', colors: ['white'], price: 65, status: 'draft' },
  { title: 'Lee L 1998', brand: 'Lee', size: 'L', category: 'jacket', condition: 'good', colors: ['blue'], price: 35, status: 'sold' },
  { title: 'Uniqlo XS', brand: 'Uniqlo', size: 'XS', category: 't-shirt', condition: 'good', colors: ['white'], price: 4, status: 'archived' },
  // A draft with nothing but a title: the to-do list and the checklist have much to say.
  { title: 'Carhartt WIP', status: 'draft' },
];

// Raw codes and developer words a seller must never read.
const RAW: [RegExp, string][] = [
  [/\b[a-z]+(?:_[a-z0-9]+)+\b/, 'snake_case code'],
  [/Invalid input|expected (?:number|string)|received (?:null|undefined)|\bnull\b|\bundefined\b|\bNaN\b|\[object Object\]/, 'developer text'],
];
// Short words of each language that never occur in the other one's sentences.
const WORDS: Record<'fr' | 'en', RegExp> = {
  // On a French page: English words.
  fr: /\b(?:the|and|with|your|this|that|from|is|are|was|were|has|have|will|not|of|to|for|by|items?|listings?|drafts?|listed|sold|price|prices|unknown|missing|duplicate|stale|ship|should|could|would|when|which)\b/i,
  // On an English page: French words.
  en: /\b(?:le|la|les|des|du|une|est|sont|pour|avec|vos|votre|sur|dans|pas|ou|et|au|aux|ce|cette|ces|qui|que|brouillons?|vendus?|articles?|prix|inconnue?s?|annonces?|à|été)\b|[éèêàçùâîôû]/i,
};

/** Every string of a dictionary, functions called with sample arguments. */
function sentences(o: unknown, out: string[] = []): string[] {
  if (typeof o === 'string') out.push(o);
  else if (typeof o === 'function') {
    for (const args of [[2, 3], ['x', 'y'], [{}]]) {
      try {
        const s = (o as (...a: unknown[]) => unknown)(...args);
        if (typeof s === 'string') out.push(...s.split(/\b[2-3xy]\b/));
      } catch {
        // a sentence that needs other arguments
      }
    }
  } else if (o && typeof o === 'object') for (const v of Object.values(o)) sentences(v, out);
  return out;
}

/** The other language's sentences that this language does not share: long enough to be unmistakable. */
function foreign(lang: 'fr' | 'en'): string[] {
  const own = new Set(sentences(dictionaries[lang]).map((s) => s.trim()));
  const other = sentences(dictionaries[lang === 'fr' ? 'en' : 'fr']).map((s) => s.trim());
  return [...new Set(other.filter((s) => s.length >= 12 && s.split(/\s+/).length >= 3 && !own.has(s)))];
}

/**
 * What the page shows, one line per text (text, placeholders, labels of controls, menu options), each with where it
 * is, without what the seller typed or named (marked translate="no") and words in another language on purpose
 * (a language's own name, marked with its lang).
 */
async function visibleText(page: Page, lang: 'fr' | 'en'): Promise<string> {
  return page.evaluate((lang) => {
    const skip = (el: Element | null) => !!el?.closest('[translate="no"], [data-user-content], script, style, noscript') || (!!el?.closest('[lang]') && el.closest('[lang]')!.getAttribute('lang') !== lang && el.closest('[lang]') !== document.documentElement);
    const where = (el: Element) => {
      const t = el.closest('[data-testid]');
      return `${el.tagName.toLowerCase()}${t ? ` in ${t.getAttribute('data-testid')}` : ''}`;
    };
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = n.textContent?.replace(/\s+/g, ' ').trim();
      // A text box's content is what the seller typed.
      if (!el || !text || skip(el) || el.closest('textarea, input')) continue;
      if (el.tagName !== 'OPTION' && !el.checkVisibility({ checkOpacity: false, checkVisibilityCSS: true })) continue;
      out.push(`${text}\t[${where(el)}]`);
    }
    document.querySelectorAll('[placeholder], [aria-label], [title]').forEach((e) => {
      if (skip(e)) return;
      for (const a of ['placeholder', 'aria-label', 'title']) if (e.getAttribute(a)) out.push(`${e.getAttribute(a)}\t[${a} of ${where(e)}]`);
    });
    return out.join('\n');
  }, lang);
}

async function settle(page: Page) {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], .animate-pulse'), null, { timeout: 15_000 }).catch(() => {});
  // Open every "details" so what it hides is read too.
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => d.setAttribute('open', '')));
  await page.waitForTimeout(400);
}

function problems(text: string, lang: 'fr' | 'en', foreignSentences: string[]): string[] {
  const out: string[] = [];
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  for (const full of lines) {
    // File names (data/items.json) are no language.
    const line = full.split('\t')[0].replace(/\S+\.(?:json|csv|zip|pdf|jpe?g|png)\b/gi, '');
    for (const [re, what] of RAW) {
      const m = re.exec(line);
      if (m) out.push(`${what} «${m[0]}» in: ${full.slice(0, 200)}`);
    }
    const w = WORDS[lang].exec(line);
    if (w) out.push(`${lang === 'fr' ? 'English' : 'French'} word «${w[0]}» in: ${full.slice(0, 200)}`);
    for (const s of foreignSentences) if (line.includes(s)) out.push(`${lang === 'fr' ? 'English' : 'French'} sentence «${s.slice(0, 80)}» in: ${full.slice(0, 200)}`);
  }
  return [...new Set(out)];
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const created = await seedStock(server.base, NEUTRAL.map((i) => ({ description: `${i.title}.`, hashtags: ['vinted'], ...i })));
  for (const c of created) ids[c.title] = c.id;
  // An analysed draft through the real pipeline (price suggestion, checklist, sale score), twice: a duplicate.
  const { dir, files } = await garmentPhotos(3, '#7a1f2b', 'sweat');
  try {
    for (let i = 0; i < 2; i++) {
      const form = new FormData();
      form.append('brand', 'Carhartt');
      form.append('size', 'L');
      for (const f of files) form.append('files', new Blob([fs.readFileSync(f)], { type: 'image/jpeg' }), f.split('/').pop());
      const r = await fetch(`${server.base}/ingest/photos`, { method: 'POST', body: form });
      if (r.status !== 201) throw new Error(`ingest ${r.status}: ${await r.text()}`);
      ids[`analysed${i}`] = ((await r.json()) as { item_id: string }).item_id;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // A lot of photos, grouped.
  const session = await buildSession({ garments: 3, seed: 7, labelRate: 0, width: 640, height: 480, exactDuplicates: 1, nearDuplicates: 0 });
  const form = new FormData();
  for (const p of session.photos) form.append('files', new Blob([new Uint8Array(p.bytes)], { type: 'image/jpeg' }), p.filename);
  const r = await fetch(`${server.base}/bulk/ingest/photos`, { method: 'POST', body: form });
  jobId = ((await r.json()) as { job_id: string }).job_id;
  await server.ctx.jobs.idle();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const PAGES = () => [
  ['dashboard', '/'],
  ['new-listing', '/annonce/nouvelle'],
  ['bulk', '/lot'],
  ['bulk-board', `/lot?job=${jobId}`],
  ['stock', '/stock'],
  ['item-listed', `/stock/${ids['Ralph Lauren M navy']}`],
  ['item-sold', `/stock/${ids['Lee L 1998']}`],
  ['item-bare', `/stock/${ids['Carhartt WIP']}`],
  ['item-analysed', `/stock/${ids.analysed1}`],
  ['sales', '/ventes'],
  ['statistics', '/statistiques'],
  ['files', '/fichiers'],
  ['settings', '/reglages'],
  ['not-found', '/reglage'],
  ['stock-bad-filter', '/stock?min_price=abc'],
  ['item-gone', '/stock/01900000-0000-7000-8000-000000000000'],
] as const;

describe('every page in the seller’s language', () => {
  for (const lang of ['fr', 'en'] as const) {
    test(`${lang}: no sentence of the other language, no raw code`, async () => {
      const foreignSentences = foreign(lang);
      const found: string[] = [];
      for (const viewport of [LAPTOP, PHONE]) {
        const tab = await openTab(browser, server.base, viewport, { lang });
        for (const [name, url] of PAGES()) {
          await tab.page.goto(`${server.base}${url}`);
          await tab.page.locator('main').first().waitFor().catch((e: Error) => {
            throw new Error(`${name} @${viewport.width} (${url}): ${e.message}`);
          });
          await settle(tab.page);
          if (viewport === LAPTOP || name === 'dashboard' || name === 'stock') await screenshot(tab.page, `lang-${lang}-${name}`);
          for (const p of problems(await visibleText(tab.page, lang), lang, foreignSentences)) found.push(`${name} @${viewport.width}: ${p}`);
        }
        if (viewport === LAPTOP) {
          // The server's refusals, in the seller's words: a cookie Vinted cannot use.
          await tab.page.goto(`${server.base}/reglages`);
          await tab.page.locator('#vinted-cookie').fill('not a cookie');
          await tab.page.getByTestId('session-save').click();
          await tab.page.getByRole('alert').first().waitFor();
          await settle(tab.page);
          await screenshot(tab.page, `lang-${lang}-settings-error`);
          for (const p of problems(await visibleText(tab.page, lang), lang, foreignSentences)) found.push(`settings-error: ${p}`);
        }
        expect(tab.errors).toEqual([]);
        await tab.close();
      }
      expect([...new Set(found)]).toEqual([]);
      // Sixteen pages at two widths: two minutes on a busy machine, so the walk gets more than the default budget.
    }, 360_000);
  }

  test('an unknown address shows the app’s own not-found page; API clients get JSON', async () => {
    const tab = await openTab(browser, server.base, LAPTOP);
    const res = await tab.page.goto(`${server.base}/Stock`);
    expect(res?.status()).toBe(404);
    await tab.page.getByText('Page introuvable').waitFor();
    expect(await tab.page.locator('body').textContent()).not.toContain('route_not_found');
    await tab.close();
    const json = await api<{ error: { code: string } }>(server.base, 'GET', '/reglage', undefined, { accept: 'application/json' });
    expect(json.status).toBe(404);
    expect(json.body.error.code).toBe('route_not_found');
  });
});
