// The fake site's edit page of a published listing (/items/<id>/edit): the same price field and save button as the
// upload form (data-testids of shared/VINTED.md), a price that commits on focus-out, and a save that sends
// PUT /api/v2/item_upload/items/<id> with the page's CSRF token and the anon id, then opens the listing's page.

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function editPage(o: { id: number; title: string; price: number; login: string; csrf: string }): string {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Modifier l'article | Vinted</title>
<meta name="csrf-token" content="${esc(o.csrf)}"></head><body>
<header><span class="logo">Vinted</span><button type="button" data-testid="user-menu-button">${esc(o.login)} ▾</button></header>
<main><h1>Modifier l'article</h1><form id="edit-form" data-item-id="${o.id}" onsubmit="return false">
<div data-testid="upload-form-error" hidden></div>
<section><label>Titre<input name="title" data-testid="title--input" value="${esc(o.title)}" readonly></label></section>
<section><label>Prix<input name="price" data-testid="price-input--input" inputmode="decimal" value="${o.price.toFixed(2).replace('.', ',')} €"></label></section>
<div class="buttons"><button type="button" id="save" data-testid="upload-form-save-button">Enregistrer</button></div>
</form></main><script src="/assets/edit-form.js"></script></body></html>`;
}

export const EDIT_SCRIPT = String.raw`
(() => {
  const $ = (s) => document.querySelector(s);
  const csrf = $('meta[name="csrf-token"]').content;
  const anon = (document.cookie.match(/(?:^|; )anon_id=([^;]+)/) || [])[1] || '';
  const id = $('#edit-form').getAttribute('data-item-id');
  const price = $('[name="price"]');
  let committed = null;
  price.addEventListener('input', () => { committed = null; });
  price.addEventListener('blur', () => {
    const m = price.value.replace(/\s|€/g, '').match(/^(\d+)(?:[.,](\d{1,2}))?$/);
    committed = m ? Number(m[1]) + (m[2] ? Number(m[2].padEnd(2, '0')) / 100 : 0) : null;
    if (committed !== null) price.value = committed.toFixed(2).replace('.', ',') + ' €';
  });
  $('#save').addEventListener('click', async () => {
    const res = await fetch('/api/v2/item_upload/items/' + id, {
      method: 'PUT', headers: { 'x-csrf-token': csrf, 'x-anon-id': anon, 'content-type': 'application/json' },
      body: JSON.stringify({ item: { id: Number(id), price: committed, currency: 'EUR' } }),
    });
    if (res.ok) location.href = '/items/' + id;
    else { const e = $('[data-testid="upload-form-error"]'); e.hidden = false; e.textContent = 'Une erreur est survenue (' + res.status + ').'; }
  });
})();
`;
