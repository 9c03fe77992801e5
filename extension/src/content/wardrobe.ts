import { type ApiAnswer, ask, t } from '../messages.ts';
import { challengeOnPage } from './challenge.ts';
import { add, continueRun, currentRun, parsePrice, type Run, startRun, stopRun } from './page-run.ts';
import { el } from './panel-view.ts';
import { find, findAll, SEL } from './selectors.ts';

// "Importer mes annonces" on the seller's own member page: each listing card as the page shows it (Vinted id, link,
// title, price, status, the photos it shows) goes to the app, which creates or links its stock item. Only on the
// seller's own page (the one with "Modifier le profil"), page by page, at the seller's click.

interface CardSeen { listing_id: string; url: string; title: string; price: number | null; status: 'active' | 'reserved' | 'hidden' | 'sold'; photos: string[] }
interface Result { listing_id: string; outcome: 'created' | 'linked' | 'already_linked' | 'skipped_sold' }

const STATUS: [RegExp, CardSeen['status']][] = [[/vendu|sold/i, 'sold'], [/r[ée]serv[ée]|reserved/i, 'reserved'], [/masqu[ée]|hidden/i, 'hidden']];

export function readWardrobe(): { cards: CardSeen[]; unread: string[] } {
  const cards: CardSeen[] = [];
  const unread: string[] = [];
  for (const card of findAll(SEL.wardrobeCards)) {
    const link = card.querySelector<HTMLAnchorElement>('a[href*="/items/"]');
    const id = /\/items\/(\d+)/.exec(link?.getAttribute('href') ?? '')?.[1];
    const title = (card.querySelector('[data-testid$="--description-title"]')?.textContent ?? link?.getAttribute('title')?.split(',')[0] ?? '').trim();
    if (!id || !link || !title) {
      unread.push(title || link?.href || '?');
      continue;
    }
    const statusText = card.querySelector('[data-testid$="--status"]')?.textContent ?? '';
    cards.push({
      listing_id: id, url: new URL(link.getAttribute('href')!, location.origin).href.replace(/[?#].*$/, ''), title,
      price: parsePrice(card.querySelector('[data-testid$="--price-text"]')?.textContent),
      status: STATUS.find(([re]) => re.test(statusText))?.[1] ?? 'active',
      photos: [...card.querySelectorAll<HTMLImageElement>('img')].map((i) => i.currentSrc || i.src).filter(Boolean).slice(0, 20),
    });
  }
  return { cards, unread };
}

/** A photo the page shows, as base64: read in the page's own context, or by the background for Vinted's image hosts. */
async function photoBytes(src: string): Promise<{ mime: string; base64: string } | null> {
  try {
    const res = await fetch(src);
    if (res.ok) {
      const blob = await res.blob();
      const base64 = await new Promise<string>((ok, fail) => {
        const r = new FileReader();
        r.onload = () => ok(String(r.result).replace(/^data:[^,]*,/, ''));
        r.onerror = () => fail(r.error);
        r.readAsDataURL(blob);
      });
      return { mime: blob.type || 'image/jpeg', base64 };
    }
  } catch {
    // Another origin without CORS (Vinted's image host): the background may read it.
  }
  const a = await ask<{ ok: boolean; mime: string; base64: string }>({ kind: 'vintedImage', url: src });
  return a.ok ? { mime: a.mime, base64: a.base64 } : null;
}

export async function wardrobePanel(render: (...n: Node[]) => void, onChallenge: (kind: string) => void) {
  if (!find(SEL.ownProfile)) return render(el('p', { 'data-testid': 'vb-not-own-wardrobe' }, t('wardrobeNotOwn')));
  const status = el('div', { 'data-testid': 'vb-wardrobe-status', role: 'status' });
  const start = el('button', { type: 'button', 'data-testid': 'vb-import-wardrobe' }, t('wardrobeImport'));
  const stop = el('button', { type: 'button', class: 'secondary', 'data-testid': 'vb-stop' }, t('runStop'));
  stop.addEventListener('click', () => void stopRun().then(() => status.replaceChildren(el('p', {}, t('runStopped')))));

  async function page(run: Run) {
    start.disabled = true;
    const { cards, unread } = readWardrobe();
    const notes = unread.map((u) => t('wardrobeUnread', u));
    const counts: Record<string, number> = {};
    for (const [i, c] of cards.entries()) {
      const challenge = challengeOnPage();
      if (challenge) {
        await stopRun();
        return onChallenge(challenge);
      }
      status.replaceChildren(el('p', {}, t('wardrobeReading', String(run.pages + 1), `${i + 1}/${cards.length}`)));
      const photos = [];
      for (const src of c.status === 'sold' ? [] : c.photos) {
        const p = await photoBytes(src);
        if (p) photos.push(p);
        else notes.push(t('wardrobePhotoUnread', c.title));
      }
      const a = await ask<ApiAnswer<Result>>({ kind: 'api', method: 'POST', path: '/extension/wardrobe/listings', body: { listing_id: c.listing_id, url: c.url, title: c.title, price: c.price, status: c.status, photos } });
      const k = a.ok && a.body ? a.body.outcome : 'failed';
      counts[k] = (counts[k] ?? 0) + 1;
      if (!a.ok) notes.push(t('wardrobeFailed', c.title, a.error ?? ''));
    }
    add(run, counts, notes);
    if (await continueRun(run)) return;
    start.disabled = false;
    const n = run.counts;
    const left = el('ul', { class: 'left', 'data-testid': 'vb-run-notes' });
    for (const x of run.notes) left.append(el('li', {}, x));
    status.replaceChildren(el('p', { class: 'ok', 'data-testid': 'vb-wardrobe-done' }, t('wardrobeDone', String(n.created ?? 0), String((n.linked ?? 0) + (n.already_linked ?? 0)), String(run.pages))), left);
  }

  start.addEventListener('click', () => void page(startRun('wardrobe')));
  render(el('p', {}, t('wardrobeExplain')), start, stop, status);
  const run = await currentRun('wardrobe');
  if (run) await page(run);
}
