import { type ApiAnswer, ask, ext, t } from '../messages.ts';
import { challengeOnPage } from './challenge.ts';
import { focusOut, pause, typeInto } from './dom-input.ts';
import { parsePrice } from './page-run.ts';
import { el } from './panel-view.ts';
import { find, SEL } from './selectors.ts';

// Prices that follow the drops. On the seller's own listing the panel shows VintedBot's price against the live one
// ("45,00 € → 42,90 €"); "Appliquer sur Vinted", for this one listing, opens its edit form, types the price (with a
// real focus-out) and presses the form's own save; back on the listing, the panel reads the price the page now
// shows and only then reports it. The "Prix à mettre à jour" list takes the seller to the next one, one at a time.

export interface PriceToApply { item_id: string; title: string; listing_id: string; url: string | null; price: number; vinted_price: number; since: string }
interface PendingPrice { item_id: string; listing_id: string; price: number; at: number; saved: boolean }

const euros = (n: number) => `${n.toFixed(2).replace('.', ',')} €`;
const day = (iso: string) => new Date(iso).toLocaleDateString(ext.i18n.getUILanguage(), { day: 'numeric', month: 'short' });
const KEY = 'pendingPrice';
const FRESH_MS = 10 * 60_000;

async function pendingPrice(listingId: string): Promise<PendingPrice | null> {
  const { [KEY]: p } = (await ext.storage.local.get(KEY)) as { [KEY]?: PendingPrice };
  return p && p.listing_id === listingId && Date.now() - p.at < FRESH_MS ? p : null;
}

export async function pricesToApply(listingId?: string): Promise<PriceToApply[] | null> {
  const a = await ask<ApiAnswer<{ prices: PriceToApply[] }>>({ kind: 'api', method: 'GET', path: `/extension/prices${listingId ? `?listing_id=${listingId}` : ''}` });
  return a.ok && a.body ? a.body.prices : null;
}

/** "Prix à mettre à jour": the listings to update, each a link to its page (the seller goes through them one by one). */
export function priceList(prices: PriceToApply[]): HTMLElement {
  const box = el('div', { 'data-testid': 'vb-prices' });
  box.append(el('h3', {}, t('pricesTitle', String(prices.length))));
  const ul = el('ul', { class: 'prices' });
  for (const p of prices.slice(0, 20)) {
    const li = el('li', { 'data-testid': `vb-price-${p.listing_id}` });
    const a = el('a', { href: p.url ?? `/items/${p.listing_id}` }, `${p.title} · ${euros(p.vinted_price)} → ${euros(p.price)}`);
    li.append(a);
    ul.append(li);
  }
  box.append(ul);
  return box;
}

/** The seller's own listing page: a price to apply, or the end of one being applied. */
export async function listingPricePanel(listingId: string, render: (...n: Node[]) => void, onChallenge: (kind: string) => void) {
  const pending = await pendingPrice(listingId);
  if (pending?.saved) return confirmApplied(pending, render);
  const [mine] = (await pricesToApply(listingId)) ?? [];
  if (!mine) {
    const others = (await pricesToApply()) ?? [];
    // Someone else's listing, or one of the seller's already at the right price: nothing to do here.
    return render(el('p', { 'data-testid': 'vb-idle' }, t('panelIdle')), ...(others.length ? [priceList(others)] : []));
  }
  const apply = el('button', { type: 'button', 'data-testid': 'vb-apply-price' }, t('priceApply'));
  apply.addEventListener('click', async () => {
    const c = challengeOnPage();
    if (c) return onChallenge(c);
    apply.disabled = true;
    await ext.storage.local.set({ [KEY]: { item_id: mine.item_id, listing_id: listingId, price: mine.price, at: Date.now(), saved: false } satisfies PendingPrice });
    location.assign(`/items/${listingId}/edit`);
  });
  render(el('p', { 'data-testid': 'vb-price-diff' }, t('priceDiff', euros(mine.vinted_price), euros(mine.price), day(mine.since))), apply);
}

/** The listing's edit form, opened by "Appliquer sur Vinted" for this listing: type the price, save. */
export async function editPricePanel(listingId: string, render: (...n: Node[]) => void, onChallenge: (kind: string) => void) {
  const pending = await pendingPrice(listingId);
  if (!pending || pending.saved) return render(el('p', { 'data-testid': 'vb-idle' }, t('panelIdle')));
  const c = challengeOnPage();
  if (c) {
    await ext.storage.local.remove(KEY);
    return onChallenge(c);
  }
  const input = find<HTMLInputElement>(SEL.price);
  const save = find(SEL.publish);
  if (!input || !save) {
    await ext.storage.local.remove(KEY);
    return render(el('p', { class: 'warn', 'data-testid': 'vb-price-yourself', role: 'alert' }, t('priceYourself', euros(pending.price))));
  }
  render(el('p', { role: 'status' }, t('priceApplying', euros(pending.price))));
  typeInto(input, pending.price.toFixed(2).replace('.', ','));
  focusOut(input);
  await pause(300);
  await ext.storage.local.set({ [KEY]: { ...pending, saved: true, at: Date.now() } });
  save.click();
}

/** Back on the listing after the save: the page must show the new price before the app is told. */
async function confirmApplied(p: PendingPrice, render: (...n: Node[]) => void) {
  await ext.storage.local.remove(KEY);
  const shown = parsePrice(find(SEL.listingPrice)?.textContent);
  if (shown === null || Math.round(shown * 100) !== Math.round(p.price * 100)) {
    return render(el('p', { class: 'warn', 'data-testid': 'vb-price-not-shown', role: 'alert' }, t('priceNotShown', euros(p.price))));
  }
  const a = await ask<ApiAnswer>({ kind: 'api', method: 'POST', path: '/extension/outcomes', body: { outcome: 'price_applied', item_id: p.item_id, listing_id: p.listing_id, price: p.price } });
  if (!a.ok) return render(el('p', { class: 'warn', 'data-testid': 'vb-price-report-failed', role: 'alert' }, t('panelAppError', a.error ?? '')));
  const rest = ((await pricesToApply()) ?? []).filter((x) => x.listing_id !== p.listing_id);
  const next = rest[0];
  render(
    el('p', { class: 'ok', 'data-testid': 'vb-price-applied', role: 'status' }, t('priceApplied', euros(p.price))),
    ...(next ? [el('a', { href: next.url ?? `/items/${next.listing_id}`, 'data-testid': 'vb-next-price' }, t('priceNext', next.title))] : [el('p', { 'data-testid': 'vb-prices-done' }, t('pricesNone'))]),
  );
}
