import { type ApiAnswer, ask, t } from '../messages.ts';
import { challengeOnPage } from './challenge.ts';
import { add, continueRun, currentRun, parsePrice, type Run, startRun, stopRun } from './page-run.ts';
import { el } from './panel-view.ts';
import { findAll, SEL } from './selectors.ts';

// "Importer mes ventes" on the seller's own sold-orders page: each sale as the page shows it (the listing id from
// the item's link, the price, the date, the buyer's public name, the shipping step when shown), sent to the app
// page by page. A row it cannot read is listed for the seller, never guessed.

export interface SaleSeen { listing_id: string; sale_id: string | null; price: number; sold_at: string; buyer: string | null; shipping: 'to_ship' | 'shipped' | 'delivered' | 'completed' | null }
interface SaleResult { listing_id: string; ok: boolean; created?: boolean; error?: string }

const SHIPPING: [RegExp, SaleSeen['shipping']][] = [
  [/termin[ée]|completed|finali[sz]ed/i, 'completed'],
  [/livr[ée]|delivered/i, 'delivered'],
  [/envoy[ée]|exp[ée]di[ée]|shipped|\bsent\b/i, 'shipped'],
  [/attente d.envoi|[àa] envoyer|to ship|waiting for shipping|send the parcel|envoie le colis/i, 'to_ship'],
];

export function readSales(): { sales: SaleSeen[]; unread: string[] } {
  const sales: SaleSeen[] = [];
  const unread: string[] = [];
  for (const row of findAll(SEL.saleRows)) {
    const link = row.querySelector<HTMLAnchorElement>('a[href*="/items/"]');
    const listing = /\/items\/(\d+)/.exec(link?.getAttribute('href') ?? '')?.[1];
    const price = parsePrice(row.querySelector(SEL.salePrice.join(','))?.textContent);
    const when = row.querySelector('time[datetime]')?.getAttribute('datetime');
    const label = (link?.textContent ?? row.textContent ?? '').trim().slice(0, 60);
    if (!listing || price === null || !when || Number.isNaN(Date.parse(when))) {
      unread.push(label || '?');
      continue;
    }
    const buyerEl = row.querySelector(SEL.saleBuyer.join(','));
    const buyer = (buyerEl?.querySelector('b, strong, a')?.textContent ?? buyerEl?.textContent?.replace(/^.*?(?:par|by)\s+/i, '') ?? '').trim() || null;
    const statusText = row.querySelector(SEL.saleStatus.join(','))?.textContent ?? '';
    const saleId = /(\d{3,20})$/.exec(row.getAttribute('data-testid') ?? '')?.[1] ?? null;
    sales.push({ listing_id: listing, sale_id: saleId, price, sold_at: new Date(when).toISOString(), buyer, shipping: SHIPPING.find(([re]) => re.test(statusText))?.[1] ?? null });
  }
  return { sales, unread };
}

export async function salesPanel(render: (...n: Node[]) => void, onChallenge: (kind: string) => void) {
  const status = el('div', { 'data-testid': 'vb-sales-status', role: 'status' });
  const start = el('button', { type: 'button', 'data-testid': 'vb-import-sales' }, t('salesImport'));
  const stop = el('button', { type: 'button', class: 'secondary', 'data-testid': 'vb-stop' }, t('runStop'));
  stop.addEventListener('click', () => void stopRun().then(() => status.replaceChildren(el('p', {}, t('runStopped')))));

  async function page(run: Run) {
    const challenge = challengeOnPage();
    if (challenge) {
      await stopRun();
      return onChallenge(challenge);
    }
    start.disabled = true;
    status.replaceChildren(el('p', {}, t('runReading', String(run.pages + 1))));
    const { sales, unread } = readSales();
    let counts: Record<string, number> = { unread: unread.length };
    const notes = unread.map((u) => t('salesUnread', u));
    if (sales.length) {
      const a = await ask<ApiAnswer<{ results: SaleResult[] }>>({ kind: 'api', method: 'POST', path: '/extension/sales', body: { sales } });
      if (!a.ok || !a.body) {
        await stopRun();
        status.replaceChildren(el('p', { class: 'warn', role: 'alert' }, t('panelAppError', a.error ?? '')));
        return;
      }
      for (const r of a.body.results) {
        const k = !r.ok ? (r.error === 'listing_not_in_stock' ? 'notInStock' : 'failed') : r.created ? 'recorded' : 'already';
        counts = { ...counts, [k]: (counts[k] ?? 0) + 1 };
        if (!r.ok) notes.push(t(r.error === 'listing_not_in_stock' ? 'salesNotInStock' : 'salesFailed', r.listing_id));
      }
    }
    add(run, counts, notes);
    if (await continueRun(run)) return;
    start.disabled = false;
    const c = run.counts;
    const left = el('ul', { class: 'left', 'data-testid': 'vb-run-notes' });
    for (const n of run.notes) left.append(el('li', {}, n));
    status.replaceChildren(el('p', { class: 'ok', 'data-testid': 'vb-sales-done' }, t('salesDone', String(c.recorded ?? 0), String(c.already ?? 0), String(run.pages))), left);
  }

  start.addEventListener('click', () => void page(startRun('sales')));
  render(el('p', {}, t('salesExplain')), start, stop, status);
  const run = await currentRun('sales');
  if (run) await page(run);
}
