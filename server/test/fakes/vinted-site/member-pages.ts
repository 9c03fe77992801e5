import { esc, page } from './fake-pages.ts';

// The seller's own pages the extension reads at the seller's click: the "sold" orders list (/my_orders/sold) and
// the member's wardrobe (/member/<id>-<login>), both paged the way the site pages them (?page=N, a "next" link).
// Markup is last-observed-like: data-testids on each card, prices in the French format, dates in <time datetime>.

export type FakeShipping = 'to_ship' | 'shipped' | 'delivered' | 'completed';
export interface FakeSale { id: number; listing_id: number; title: string; price: number; buyer: string; sold_at: string; shipping: FakeShipping }
export interface WardrobeCard { id: number; title: string; price: number; photo_ids: number[]; status: 'active' | 'reserved' | 'sold' | 'hidden' }

export const SALES_PER_PAGE = 3;
export const WARDROBE_PER_PAGE = 12;

const SHIPPING_WORDS: Record<FakeShipping, string> = { to_ship: 'En attente d’envoi', shipped: 'Colis envoyé', delivered: 'Colis livré', completed: 'Commande terminée' };
const WARDROBE_STATUS: Record<WardrobeCard['status'], string> = { active: '', reserved: 'Réservé', sold: 'Vendu', hidden: 'Masqué' };
const euros = (n: number) => `${n.toFixed(2).replace('.', ',')} €`;
const slug = (t: string) => t.toLowerCase().normalize('NFD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

function pager(path: string, pageNo: number, pages: number): string {
  const prev = pageNo > 1 ? `<a rel="prev" data-testid="pagination-prev" href="${path}?page=${pageNo - 1}">Précédent</a>` : '';
  const next = pageNo < pages ? `<a rel="next" data-testid="pagination-next" href="${path}?page=${pageNo + 1}">Suivant</a>` : '';
  return `<nav data-testid="pagination" aria-label="Pagination">${prev} <span>Page ${pageNo} / ${Math.max(pages, 1)}</span> ${next}</nav>`;
}

const slice = <T>(all: T[], pageNo: number, per: number) => all.slice((pageNo - 1) * per, pageNo * per);

export function soldOrdersPage(sales: FakeSale[], pageNo: number): string {
  const pages = Math.ceil(sales.length / SALES_PER_PAGE);
  const rows = slice(sales, pageNo, SALES_PER_PAGE).map((s) => `<li class="my-orders__item" data-testid="my-orders-item-${s.id}">
  <a href="/items/${s.listing_id}-${slug(s.title)}" data-testid="my-orders-item-${s.id}--link">${esc(s.title)}</a>
  <span data-testid="my-orders-item-${s.id}--price">${euros(s.price)}</span>
  <span data-testid="my-orders-item-${s.id}--buyer">Acheté par <b>${esc(s.buyer)}</b></span>
  <time datetime="${s.sold_at}">${new Date(s.sold_at).toLocaleDateString('fr-FR', { timeZone: 'UTC' })}</time>
  <span data-testid="my-orders-item-${s.id}--status">${SHIPPING_WORDS[s.shipping]}</span>
</li>`).join('\n');
  return page('Mes commandes | Vinted', `<header><span class="logo">Vinted</span></header><main><section>
<h1>Mes commandes</h1><nav><a aria-current="page" href="/my_orders/sold">Vendus</a> · <a href="/my_orders/purchased">Achetés</a></nav>
<ul data-testid="my-orders-list">${rows}</ul>${pager('/my_orders/sold', pageNo, pages)}</section></main>`);
}

/** `own`: the logged-in seller's own page, which shows "Modifier le profil" (the extension imports only from there). */
export function wardrobePage(member: { userId: number; login: string }, cards: WardrobeCard[], pageNo: number, own: boolean): string {
  const path = `/member/${member.userId}-${member.login}`;
  const pages = Math.ceil(cards.length / WARDROBE_PER_PAGE);
  const grid = slice(cards, pageNo, WARDROBE_PER_PAGE).map((c) => {
    const t = `product-item-id-${c.id}`;
    const status = WARDROBE_STATUS[c.status];
    return `<div class="feed-grid__item" data-testid="${t}">
  <a href="/items/${c.id}-${slug(c.title)}" data-testid="${t}--overlay-link" title="${esc(c.title)}, ${euros(c.price)}">
    ${c.photo_ids.map((p, i) => `<img data-testid="${t}--image--img${i ? `-${i}` : ''}" src="/photos/${p}" alt="${esc(c.title)}" width="150">`).join('')}
  </a>
  <p data-testid="${t}--description-title">${esc(c.title)}</p>
  <p data-testid="${t}--price-text">${euros(c.price)}</p>
  ${status ? `<span data-testid="${t}--status">${status}</span>` : ''}
</div>`;
  }).join('\n');
  return page(`${member.login} | Vinted`, `<header><span class="logo">Vinted</span></header><main><section>
<h1 data-testid="profile-username">${esc(member.login)}</h1><p>${cards.length} articles</p>
${own ? '<a data-testid="edit-profile-button" href="/settings/profile">Modifier le profil</a>' : ''}
<div class="feed-grid" data-testid="closet-container">${grid}</div>${pager(path, pageNo, pages)}</section></main>`);
}
