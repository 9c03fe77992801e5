// The fake site's delete control on the seller's own listing page: "Supprimer" opens the site's own confirm dialog
// (in the page, as Vinted's), whose confirm sends POST /api/v2/items/<id>/delete with the page's CSRF token and the
// anon id, then opens the seller's wardrobe; a refused delete shows the site's error and leaves the listing.

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function deleteControl(o: { id: number; csrf: string; userId: number }): string {
  return `<meta name="csrf-token" content="${esc(o.csrf)}">
<section data-item-id="${o.id}" data-owner="${o.userId}" id="owner-actions">
<button type="button" data-testid="item-delete-button">Supprimer</button>
<div data-testid="item-delete-error" class="field-error" hidden></div>
<div role="dialog" aria-modal="true" data-testid="item-delete-modal" hidden><p>Supprimer cette annonce ? Cette action est définitive.</p>
<button type="button" data-testid="item-delete-modal-cancel">Annuler</button>
<button type="button" data-testid="item-delete-modal-confirm">Confirmer et supprimer</button></div>
</section><script src="/assets/item-delete.js"></script>`;
}

export const DELETE_SCRIPT = String.raw`
(() => {
  const $ = (s) => document.querySelector(s);
  const box = $('#owner-actions');
  const id = box.getAttribute('data-item-id');
  const csrf = $('meta[name="csrf-token"]').content;
  const anon = (document.cookie.match(/(?:^|; )anon_id=([^;]+)/) || [])[1] || '';
  const modal = $('[data-testid="item-delete-modal"]');
  $('[data-testid="item-delete-button"]').addEventListener('click', () => { modal.hidden = false; });
  $('[data-testid="item-delete-modal-cancel"]').addEventListener('click', () => { modal.hidden = true; });
  $('[data-testid="item-delete-modal-confirm"]').addEventListener('click', async () => {
    modal.hidden = true;
    const res = await fetch('/api/v2/items/' + id + '/delete', { method: 'POST', headers: { 'x-csrf-token': csrf, 'x-anon-id': anon } });
    if (res.ok) location.href = '/member/' + box.getAttribute('data-owner');
    else { const e = $('[data-testid="item-delete-error"]'); e.hidden = false; e.textContent = 'Une erreur est survenue (' + res.status + ').'; }
  });
})();
`;
