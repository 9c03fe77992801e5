import { editItemPath, formatFormPrice, parseFormPrice } from '../vinted-facts.ts';
import type { PooledForm } from './browser-pool.ts';
import { anyOf, FORM } from './form-selectors.ts';
import { SiteSignalError } from './site-watch.ts';

// A published listing's edit form, for a new price: opened with the seller's session, checked for challenges
// first, the price typed and committed by a real focus-out (as on the upload form), then read back. The save click
// is form-submit.ts's clickSaveEdit; nothing here writes.

export interface PriceEditFill {
  /** What the form showed before (cents), and what it holds now. */
  shownBefore: number | null;
  filled: number | null;
}

export async function fillPriceEdit(form: PooledForm, o: { baseUrl: string; listingId: string; priceCents: number; fieldTimeoutMs: number }): Promise<PriceEditFill> {
  const { page, watch } = form;
  await page.goto(`${o.baseUrl}${editItemPath(o.listingId)}`, { waitUntil: 'domcontentloaded' });
  await watch.check();
  const visible = (sel: string) => page.locator(sel).first().waitFor({ state: 'visible', timeout: o.fieldTimeoutMs }).then(() => true, () => false);
  if (!(await visible(anyOf(FORM.userMenu)))) {
    await watch.check();
    throw new SiteSignalError({ kind: 'session_expired', reason: 'session_expired', detail: 'the edit page shows no logged-in account' });
  }
  const price = page.locator(anyOf(FORM.price)).first();
  if (!(await visible(anyOf(FORM.price)))) await watch.explainMissing('price');
  const shownBefore = parseFormPrice(await price.inputValue().catch(() => null));
  await price.click();
  await price.fill(formatFormPrice(o.priceCents));
  await price.press('Tab');
  await watch.check();
  return { shownBefore, filled: parseFormPrice(await price.inputValue().catch(() => null)) };
}
