import type { Locator, Page } from 'playwright-core';
import type { ListingContent } from '../listing-content.ts';
import { conditionId } from '../listing-content.ts';
import type { ResolvedPhoto } from '../photo-files.ts';
import { formatFormPrice, NEW_ITEM_PATH } from '../vinted-facts.ts';
import type { PooledForm } from './browser-pool.ts';
import { anyOf, type FieldSelector, FORM, OPTION } from './form-selectors.ts';
import { type FilledForm, compareFilled, readBack } from './form-readback.ts';
import { SiteSignalError } from './site-watch.ts';

// Fills Vinted's upload form the way a person does: photos into the file input, text typed into the fields, the
// category chosen through its picker (which makes the category's own fields appear), the price committed by a
// real focus-out. It stops before publishing and reads back what the form holds.

export interface FillOptions {
  baseUrl: string;
  /** How long a field may take to appear before the form is declared changed. */
  fieldTimeoutMs: number;
}

export interface FillResult {
  filled: FilledForm;
  warnings: string[];
  /** Photo uploads the site accepted (each is a write). */
  photoWrites: number;
}

const norm = (s: string) => s.trim().toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ');

export async function fillForm(form: PooledForm, content: ListingContent, photos: ResolvedPhoto[], opts: FillOptions): Promise<FillResult> {
  const { page, watch } = form;
  const warnings: string[] = [];
  const find = (sel: FieldSelector, state: 'visible' | 'attached' = 'visible') => locate(form, sel, warnings, opts.fieldTimeoutMs, state);

  await page.goto(`${opts.baseUrl}${NEW_ITEM_PATH}`, { waitUntil: 'domcontentloaded' });
  await watch.check();
  // Logged in? The account menu is the sign; without it the session is not (or no longer) accepted.
  if (!(await present(page, FORM.userMenu, opts.fieldTimeoutMs))) {
    await watch.check();
    throw new SiteSignalError({ kind: 'session_expired', reason: 'session_expired', detail: 'the form page shows no logged-in account' });
  }

  const input = await find(FORM.photosInput, 'attached');
  await input.setInputFiles(photos.map((p) => p.path));
  await waitUntil(page, form, async () => (await page.locator(OPTION.photoThumbs).count()) >= photos.length, opts.fieldTimeoutMs * 2, 'photos');
  await watch.check();

  await (await find(FORM.title)).fill(content.title);
  await (await find(FORM.description)).fill(content.description);

  if (content.category || content.category_search) await chooseCategory(page, form, content, warnings, find, opts);
  await watch.check();

  if (content.brand) await chooseBrand(page, form, content.brand, warnings, find, opts);
  if (content.size) {
    if (await present(page, FORM.size, 1500)) await chooseByLabel(page, form, await find(FORM.size), OPTION.sizeRows, content.size, 'size', warnings, opts);
    else warnings.push('size: the form asks no size for this category');
  }
  const statusId = conditionId(content.condition);
  if (statusId !== null) {
    await (await find(FORM.condition)).click();
    await clickFirst(page, form, OPTION.conditionRow(statusId), 'condition', opts);
  }
  if (content.colours.length) {
    const colour = await find(FORM.colour);
    await colour.click();
    for (const c of content.colours) await clickFirst(page, form, OPTION.colourRow(c.id), 'colour', opts);
    await page.keyboard.press('Escape');
  }

  // The price field commits only on a real focus-out: type, then leave the field with the keyboard.
  const price = await find(FORM.price);
  if (content.price_cents !== null) {
    await price.click();
    await price.fill(formatFormPrice(content.price_cents));
    await price.press('Tab');
  }
  await clickFirst(page, form, OPTION.packageSize(content.package_size), 'package_size', opts);
  // Both buttons must be there now: a renamed one found only at publish time would be found too late.
  await find(FORM.saveDraft);
  await find(FORM.publish);
  await watch.check();

  const filled = await readBack(page);
  warnings.push(...compareFilled(content, photos.length, filled));
  const photoWrites = watch.accepted.filter((w) => /\/photos\b/.test(w.path)).length;
  return { filled, warnings, photoWrites };
}

async function chooseCategory(page: Page, form: PooledForm, content: ListingContent, warnings: string[], find: (s: FieldSelector) => Promise<Locator>, opts: FillOptions) {
  // A Vinted path hint's leaf label ("Sweats") is what the picker knows; our category's French name otherwise.
  const label = content.category_search ?? content.category!.fr;
  await (await find(FORM.category)).click();
  await (await find(FORM.categorySearch)).fill(label);
  if (content.catalog_id !== null) {
    const row = page.locator(anyOf(OPTION.categoryRow(content.catalog_id))).first();
    if (await row.waitFor({ state: 'visible', timeout: opts.fieldTimeoutMs }).then(() => true, () => false)) {
      await row.click();
      return;
    }
    warnings.push(`category: leaf ${content.catalog_id} not offered, chose by label`);
  }
  const rows = page.locator(OPTION.categoryRows);
  const offered = await waitFor(form, async () => (await rows.count()) > 0, opts.fieldTimeoutMs);
  const texts = offered ? await rows.allInnerTexts() : [];
  const matching = texts.map((t, i) => ({ t: norm(t), i })).filter((r) => r.t.startsWith(norm(label)));
  // Several leaves of that name (women's and men's): the one under the item's gender ("Hommes › …").
  const root = content.gender === 'men' ? 'homme' : content.gender === 'women' ? 'femme' : null;
  const i = (root ? matching.find((r) => r.t.includes(root)) : undefined)?.i ?? matching[0]?.i ?? -1;
  // Without a category the form cannot go on; that is the item's (or the catalogue's) problem, not a changed form.
  if (i < 0) throw new FillRefusedError('vinted_category_not_found', `Vinted's category picker offers nothing for "${label}": change the item's category or list it on Vinted yourself`);
  await rows.nth(i).click();
}

async function chooseBrand(page: Page, form: PooledForm, brand: string, warnings: string[], find: (s: FieldSelector) => Promise<Locator>, opts: FillOptions) {
  await (await find(FORM.brand)).click();
  await (await find(FORM.brandSearch)).fill(brand);
  const rows = page.locator(OPTION.brandRows);
  const custom = page.locator(anyOf(OPTION.brandCustom)).first();
  // The picker asks the site's brand search as one types; wait for its answer (rows or the "use as typed" row).
  await waitUntil(page, form, async () => (await rows.count()) > 0 || (await custom.isVisible()), opts.fieldTimeoutMs, 'brand');
  const texts = await rows.allInnerTexts();
  const i = texts.findIndex((t) => norm(t) === norm(brand));
  if (i >= 0) {
    await rows.nth(i).click();
  } else if (await custom.isVisible()) {
    warnings.push(`brand: "${brand}" is not in Vinted's brand list, entered as typed`);
    await custom.click();
  } else {
    warnings.push(`brand: "${brand}" not found`);
    await page.keyboard.press('Escape');
  }
}

/** Opens a picker and clicks the option whose label matches (sizes are matched by label: their ids move). */
async function chooseByLabel(page: Page, form: PooledForm, field: Locator, rowsSel: string, label: string, name: string, warnings: string[], opts: FillOptions) {
  await field.click();
  const rows = page.locator(rowsSel);
  await waitUntil(page, form, async () => (await rows.count()) > 0, opts.fieldTimeoutMs, name);
  const texts = await rows.allInnerTexts();
  const i = texts.findIndex((t) => norm(t) === norm(label));
  if (i < 0) {
    warnings.push(`${name}: "${label}" is not offered for this category`);
    await page.keyboard.press('Escape');
    return;
  }
  await rows.nth(i).click();
}

async function clickFirst(page: Page, form: PooledForm, selectors: string[], name: string, opts: FillOptions) {
  const el = page.locator(anyOf(selectors)).first();
  if (!(await el.waitFor({ state: 'visible', timeout: opts.fieldTimeoutMs }).then(() => true, () => false))) await form.watch.explainMissing(name);
  await el.click();
}

/** The field through its first selector that matches; a fallback match is noted, no match means the form changed. */
async function locate(form: PooledForm, sel: FieldSelector, warnings: string[], timeoutMs: number, state: 'visible' | 'attached'): Promise<Locator> {
  const any = form.page.locator(anyOf(sel)).first();
  const found = await any.waitFor({ state, timeout: timeoutMs }).then(() => true, () => false);
  // A challenge page has none of the fields: say so rather than "the form changed".
  if (!found) await form.watch.explainMissing(sel.name);
  if ((await form.page.locator(sel.primary).count()) === 0) {
    const w = `selector: ${sel.name} found through a fallback (Vinted renamed ${sel.primary})`;
    if (!warnings.includes(w)) warnings.push(w);
  }
  return any;
}

async function present(page: Page, sel: FieldSelector, timeoutMs: number): Promise<boolean> {
  return page.locator(anyOf(sel)).first().waitFor({ state: 'visible', timeout: timeoutMs }).then(() => true, () => false);
}

/** Polls `cond` while watching the site; a challenge ends the wait at once, a timeout means the form changed. */
async function waitUntil(page: Page, form: PooledForm, cond: () => Promise<boolean>, timeoutMs: number, name: string) {
  if (!(await waitFor(form, cond, timeoutMs))) await form.watch.explainMissing(name);
}

/** Polls `cond` while watching the site: true when it holds, false on timeout; a challenge ends the wait at once. */
async function waitFor(form: PooledForm, cond: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return true;
    const s = await form.watch.signal();
    if (s) throw new SiteSignalError(s);
    if (Date.now() > deadline) return false;
    await form.page.waitForTimeout(100);
  }
}

/** The form cannot take this listing as it is (e.g. no matching category): the seller must change it. */
export class FillRefusedError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'FillRefusedError';
  }
}
