import { type ApiAnswer, ask, ext, type Status, t } from '../messages.ts';
import { challengeOnPage } from './challenge.ts';
import { type DraftFill, fillForm, type FillReport } from './fill.ts';
import { el, mountPanel } from './panel-view.ts';
import { editPricePanel, listingPricePanel, priceList, pricesToApply } from './prices.ts';
import { currentRelist, relistButton, relistDraft, relistFinish, relistOnListing } from './relist.ts';
import { salesPanel } from './sales.ts';
import { find, SEL } from './selectors.ts';
import { wardrobePanel } from './wardrobe.ts';

// The VintedBot panel on the seller's own Vinted tab. On the new-item form: pick a ready draft, "Remplir" fills the
// form, "Publier cet article" clicks the site's own publish button for that one item, at the seller's click only.
// When the tab then lands on the new item's page, the listing's id and link go back to the app. On a listing and its
// edit form: the price to apply (prices.ts); on the sold orders: "Importer mes ventes" (sales.ts); on the seller's
// member page: "Importer mes annonces" (wardrobe.ts); on the seller's own listing, "Republier" (relist.ts, a run across
// the form, the copy's page and the old listing's). On any page with a challenge the panel does nothing but say so.

interface Card { id: string; title: string; price: number | null; brand: string | null; size: string | null; cover_url: string | null }
interface Pending { item_id: string; at: number }

const root = mountPanel();
const panel = root.querySelector<HTMLElement>('.panel')!;

function render(...children: Node[]) {
  panel.replaceChildren(el('h2', {}, 'VintedBot'), ...children);
}

function challengeNotice(kind: string) {
  render(el('p', { class: 'warn', 'data-testid': 'vb-challenge', role: 'alert' }, t('challenge', t(`challenge_${kind}`))));
}

async function main() {
  const challenge = challengeOnPage();
  if (challenge) return challengeNotice(challenge);
  const status = await ask<Status>({ kind: 'status' });
  if (!status.paired) return render(el('p', { 'data-testid': 'vb-not-paired' }, t('panelNotPaired')));

  const path = location.pathname.replace(/\/+$/, '');
  const itemPage = /^\/items\/(\d+)(?:-[^/]*)?$/.exec(path);
  // A relist under way goes first: its pages are the form, the copy's, the old listing's, then wherever the site goes.
  const relist = await currentRelist();
  if (relist && itemPage && (await relistOnListing(relist, itemPage[1], render))) return;
  if (relist?.step === 'draft' && path === '/items/new') return relistDraft(relist, render, challengeNotice);
  if (relist?.step === 'deleting' && !itemPage) return relistFinish(relist, render);
  if (itemPage) return reportPublished(itemPage[1]);
  const editPage = /^\/items\/(\d+)\/edit$/.exec(path);
  if (editPage) return editPricePanel(editPage[1], render, challengeNotice);
  if (path === '/items/new') return newItemPanel();
  if (path === '/my_orders/sold') return salesPanel(render, challengeNotice);
  if (/^\/member\/\d+(?:-[^/]*)?$/.test(path)) return wardrobePanel(render, challengeNotice);
  await idle();
}

/** Elsewhere on Vinted: what the panel can do, and the prices waiting to be applied. */
async function idle() {
  const prices = (await pricesToApply()) ?? [];
  render(el('p', { 'data-testid': 'vb-idle' }, t('panelIdle')), ...(prices.length ? [priceList(prices)] : []));
}

/** The tab reached a listing after the panel's publish: that listing is the draft's. */
async function reportPublished(listingId: string) {
  const { pendingPublish } = (await ext.storage.local.get('pendingPublish')) as { pendingPublish?: Pending };
  // Within ten minutes of the click, and once: another listing opened later is not this draft's.
  if (!pendingPublish || Date.now() - pendingPublish.at > 10 * 60_000) {
    // The seller's own listing linked to a stock item: its price panel, and "Republier" under it.
    const relist = await relistButton(listingId);
    return listingPricePanel(listingId, relist ? (...n: Node[]) => render(...n, relist) : render, challengeNotice);
  }
  await ext.storage.local.remove('pendingPublish');
  const url = `${location.origin}/items/${listingId}`;
  const a = await ask<ApiAnswer>({ kind: 'api', method: 'POST', path: '/extension/outcomes', body: { outcome: 'listed', item_id: pendingPublish.item_id, listing_id: listingId, url } });
  render(a.ok
    ? el('p', { class: 'ok', 'data-testid': 'vb-linked', role: 'status' }, t('panelLinked', listingId))
    : el('p', { class: 'warn', 'data-testid': 'vb-link-failed', role: 'alert' }, t('panelLinkFailed', a.error ?? '')));
}

async function newItemPanel() {
  const search = el('input', { type: 'search', placeholder: t('panelSearch'), 'aria-label': t('panelSearch'), 'data-testid': 'vb-search' });
  const list = el('ul', { role: 'listbox', 'aria-label': t('panelDrafts'), 'data-testid': 'vb-drafts' });
  const fill = el('button', { type: 'button', 'data-testid': 'vb-fill', disabled: '' }, t('panelFill'));
  const publish = el('button', { type: 'button', class: 'secondary', 'data-testid': 'vb-publish', disabled: '' }, t('panelPublish'));
  const report = el('div', { 'data-testid': 'vb-report', role: 'status' });
  let chosen: string | null = null;

  async function load(q: string) {
    const a = await ask<ApiAnswer<{ drafts: Card[] }>>({ kind: 'api', method: 'GET', path: `/extension/drafts${q ? `?q=${encodeURIComponent(q)}` : ''}` });
    list.replaceChildren();
    if (!a.ok || !a.body) return list.append(el('li', { class: 'warn' }, t('panelAppError', a.error ?? '')));
    if (!a.body.drafts.length) return list.append(el('li', { 'data-testid': 'vb-no-drafts' }, t('panelNoDrafts')));
    for (const d of a.body.drafts) {
      const li = el('li', { class: 'draft', role: 'option', 'aria-selected': String(d.id === chosen), 'data-testid': `vb-draft-${d.id}` });
      const img = el('img', { alt: '' });
      li.append(img, el('span', {}, `${d.title}${d.price !== null ? ` · ${d.price.toFixed(2).replace('.', ',')} €` : ''}`));
      li.addEventListener('click', () => {
        chosen = d.id;
        for (const x of list.querySelectorAll('li.draft')) x.setAttribute('aria-selected', String(x === li));
        fill.disabled = false;
        publish.disabled = true;
      });
      list.append(li);
      if (d.cover_url) void ask<{ ok: boolean; mime: string; base64: string }>({ kind: 'image', path: d.cover_url }).then((p) => p.ok && (img.src = `data:${p.mime};base64,${p.base64}`));
    }
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void load(search.value.trim()), 250);
  });

  fill.addEventListener('click', async () => {
    if (!chosen) return;
    const c = challengeOnPage();
    if (c) return challengeNotice(c);
    fill.disabled = true;
    report.replaceChildren(el('p', {}, t('panelFilling')));
    const a = await ask<ApiAnswer<DraftFill>>({ kind: 'api', method: 'GET', path: `/extension/drafts/${chosen}` });
    if (!a.ok || !a.body) {
      report.replaceChildren(el('p', { class: 'warn' }, t('panelAppError', a.error ?? '')));
      fill.disabled = false;
      return;
    }
    const r = await fillForm(a.body);
    if (r.stopped) return challengeNotice(r.stopped);
    showReport(report, r);
    fill.disabled = false;
    publish.disabled = false;
  });

  // The seller's own click, for this one item: the panel presses the site's publish button once.
  publish.addEventListener('click', async () => {
    if (!chosen) return;
    const c = challengeOnPage();
    if (c) return challengeNotice(c);
    publish.disabled = true;
    await ext.storage.local.set({ pendingPublish: { item_id: chosen, at: Date.now() } satisfies Pending });
    const button = find(SEL.publish);
    if (!button) {
      report.append(el('p', { class: 'warn', 'data-testid': 'vb-publish-yourself' }, t('panelPublishYourself')));
      return;
    }
    button.click();
  });

  render(search, list, fill, publish, report);
  await load('');
}

function showReport(box: HTMLElement, r: FillReport) {
  const filled = el('ul', { class: 'filled', 'data-testid': 'vb-filled' });
  for (const f of r.filled) filled.append(el('li', { 'data-field': f }, t(`field_${f}`)));
  const left = el('ul', { class: 'left', 'data-testid': 'vb-left' });
  for (const l of r.left) left.append(el('li', {}, l));
  box.replaceChildren(el('p', {}, t('panelFilled', String(r.filled.length))), filled, ...(r.left.length ? [el('p', {}, t('panelLeft')), left] : [el('p', { class: 'ok' }, t('panelNothingLeft'))]));
}

// A challenge can appear after the page loaded (a captcha frame after a refused request): the panel then stops.
new MutationObserver(() => {
  const c = challengeOnPage();
  if (c && !root.querySelector('[data-testid="vb-challenge"]')) challengeNotice(c);
}).observe(document.documentElement, { childList: true, subtree: true });

void main();
