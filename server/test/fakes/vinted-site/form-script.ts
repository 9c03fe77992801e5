// The fake upload form's front end, served as a script. It behaves like the real one in the ways that matter to
// the connector: photos uploaded one by one to /api/v2/photos as they are added, the category picker with a
// search, the category's own fields appearing only once a leaf is chosen (asked from the site), a brand search
// as one types, a price committed only on focus-out, and writes carrying the CSRF token and the anon id. A 403
// whose JSON names captcha-delivery.com shows the captcha frame, as DataDome's tag does.

export const FORM_SCRIPT = String.raw`
(() => {
  const $ = (s, r = document) => r.querySelector(s);
  const csrf = $('meta[name="csrf-token"]').content;
  const anon = (document.cookie.match(/(?:^|; )anon_id=([^;]+)/) || [])[1] || '';
  const state = { photos: [], catalogId: null, brandId: null, brand: null, sizeId: null, statusId: null, colorIds: [], price: null, pkg: null };
  const headers = (json) => Object.assign({ 'x-csrf-token': csrf, 'x-anon-id': anon }, json ? { 'content-type': 'application/json' } : {});

  function showCaptcha(url) {
    if ($('#dd-captcha')) return;
    const f = document.createElement('iframe');
    f.id = 'dd-captcha';
    f.src = url;
    f.title = 'DataDome CAPTCHA';
    f.style.cssText = 'position:fixed;inset:10%;width:80%;height:80%;border:2px solid #c00;background:#fff;z-index:10';
    document.body.appendChild(f);
  }
  function showError(text) {
    const e = $('[data-testid="upload-form-error"]');
    e.textContent = text;
    e.hidden = false;
  }
  async function call(url, opts) {
    const res = await fetch(url, opts);
    let body = null;
    try { body = await res.clone().json(); } catch (_) { body = null; }
    if (res.status === 403 && body && typeof body.url === 'string' && body.url.includes('captcha-delivery.com')) showCaptcha(body.url);
    else if (res.status === 429) showError('Trop de requêtes : réessaie plus tard.');
    else if (res.status >= 400 && !(body && body.errors)) showError('Une erreur est survenue (' + res.status + ').');
    return { res, body };
  }
  function rows(container, items, testid, onPick, opts = {}) {
    container.innerHTML = '';
    for (const it of items) {
      const li = document.createElement('li');
      li.setAttribute('data-testid', testid + '-' + it.id);
      li.setAttribute('role', 'option');
      li.innerHTML = '<span class="label"></span>' + (it.sub ? '<small></small>' : '');
      li.querySelector('.label').textContent = it.label;
      if (it.sub) li.querySelector('small').textContent = it.sub;
      if (opts.selected && opts.selected(it)) li.classList.add('selected');
      li.addEventListener('click', (ev) => { ev.stopPropagation(); onPick(it, li); });
      container.appendChild(li);
    }
  }
  function closeAll(except) {
    for (const d of document.querySelectorAll('.dropdown')) if (d !== except) d.hidden = true;
  }
  function toggle(dd) { const open = dd.hidden; closeAll(); dd.hidden = !open; }
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape') closeAll(); });

  // Photos: each file is sent as soon as it is added, one after the other.
  const photosInput = $('#photos-input');
  photosInput.addEventListener('change', async () => {
    for (const file of photosInput.files) {
      const { res, body } = await call('/api/v2/photos', { method: 'POST', headers: Object.assign(headers(false), { 'content-type': file.type || 'application/octet-stream' }), body: file });
      if (!res.ok) return;
      state.photos.push(body.id);
      const img = document.createElement('img');
      img.src = body.url;
      img.setAttribute('data-testid', 'photo-thumb-' + body.id);
      $('#thumbs').appendChild(img);
    }
  });

  // Category picker.
  const catInput = $('#category-input');
  const catDd = $('#catalog-dropdown');
  catInput.addEventListener('click', () => { toggle(catDd); $('#catalog-search-input').focus(); });
  $('#catalog-search-input').addEventListener('input', async (e) => {
    const q = e.target.value;
    const { res, body } = await call('/api/v2/catalogs/search?q=' + encodeURIComponent(q), { headers: headers(false) });
    if (!res.ok || e.target.value !== q) return;
    rows($('#catalog-rows'), body.catalogs.map((c) => ({ id: c.id, label: c.title, sub: c.path })), 'catalog-select-dropdown-row', pickLeaf);
  });
  async function pickLeaf(it) {
    state.catalogId = it.id;
    catInput.value = it.label;
    catInput.setAttribute('data-selected-id', String(it.id));
    catDd.hidden = true;
    const { res, body } = await call('/api/v2/item_upload/attributes', { method: 'POST', headers: headers(true), body: JSON.stringify({ catalog_id: it.id }) });
    if (res.ok) renderDependent(body);
  }

  // The category's own fields: rendered only now, from the site's answer.
  function renderDependent(attrs) {
    state.sizeId = null; state.statusId = null; state.colorIds = [];
    const dep = $('#dependent');
    dep.innerHTML = $('#dependent-template').innerHTML;
    if (!attrs.size_options) dep.querySelector('.size-field').remove();
    dep.hidden = false;

    const brandInput = dep.querySelector('[name="brand"]');
    const brandDd = dep.querySelector('.brand-dd');
    const brandSearch = dep.querySelector('.brand-search');
    brandInput.addEventListener('click', () => { toggle(brandDd); brandSearch.focus(); });
    brandSearch.addEventListener('input', async () => {
      const q = brandSearch.value;
      const { res, body } = await call('/api/v2/item_upload/brands?keyword=' + encodeURIComponent(q), { headers: headers(false) });
      if (!res.ok || brandSearch.value !== q) return;
      rows(dep.querySelector('.brand-rows'), body.brands.map((b) => ({ id: b.id, label: b.title })), 'brand-select-dropdown-row', (b) => {
        state.brandId = b.id; state.brand = b.label; brandInput.value = b.label; brandInput.setAttribute('data-selected-id', String(b.id)); brandDd.hidden = true;
      });
      const custom = dep.querySelector('[data-testid="brand-select-dropdown-custom"]');
      custom.hidden = !q.trim();
      custom.textContent = 'Utiliser « ' + q.trim() + ' » comme marque';
    });
    dep.querySelector('[data-testid="brand-select-dropdown-custom"]').addEventListener('click', () => {
      state.brandId = null; state.brand = brandSearch.value.trim(); brandInput.value = state.brand; brandInput.removeAttribute('data-selected-id'); brandDd.hidden = true;
    });

    if (attrs.size_options) {
      const sizeInput = dep.querySelector('[name="size"]');
      const sizeDd = dep.querySelector('.size-dd');
      sizeInput.addEventListener('click', () => toggle(sizeDd));
      rows(dep.querySelector('.size-rows'), attrs.size_options, 'size-select-dropdown-row', (s) => {
        state.sizeId = s.id; sizeInput.value = s.label; sizeInput.setAttribute('data-selected-id', String(s.id)); sizeDd.hidden = true;
      });
    }

    const condInput = dep.querySelector('[name="status"]');
    const condDd = dep.querySelector('.condition-dd');
    condInput.addEventListener('click', () => toggle(condDd));
    rows(dep.querySelector('.condition-rows'), attrs.conditions, 'category-condition-single-list-row', (c) => {
      state.statusId = c.id; condInput.value = c.label; condInput.setAttribute('data-selected-id', String(c.id)); condDd.hidden = true;
    });

    const colInput = dep.querySelector('[name="color"]');
    const colDd = dep.querySelector('.color-dd');
    colInput.addEventListener('click', () => toggle(colDd));
    rows(dep.querySelector('.color-rows'), attrs.colours, 'color-select-dropdown-row', (c, li) => {
      const i = state.colorIds.indexOf(c.id);
      if (i >= 0) { state.colorIds.splice(i, 1); li.classList.remove('selected'); }
      else if (state.colorIds.length < 2) { state.colorIds.push(c.id); li.classList.add('selected'); }
      colInput.setAttribute('data-selected-ids', state.colorIds.join(','));
      colInput.value = state.colorIds.map((id) => attrs.colours.find((x) => x.id === id).label).join(', ');
    });
  }

  // The price commits only when the field loses focus, and is then shown formatted.
  const price = $('[name="price"]');
  price.addEventListener('input', () => { state.price = null; });
  price.addEventListener('blur', () => {
    const m = price.value.replace(/\s|€/g, '').match(/^(\d+)(?:[.,](\d{1,2}))?$/);
    if (!m) { state.price = null; return; }
    state.price = Number(m[1]) + (m[2] ? Number(m[2].padEnd(2, '0')) / 100 : 0);
    price.value = state.price.toFixed(2).replace('.', ',') + ' €';
  });
  for (const r of document.querySelectorAll('[name="package_size"]')) r.addEventListener('change', () => { state.pkg = Number(r.value); });

  function payload() {
    return {
      item: {
        title: $('[name="title"]').value, description: $('[name="description"]').value, catalog_id: state.catalogId,
        brand_id: state.brandId, brand: state.brand, size_id: state.sizeId, status_id: state.statusId, color_ids: state.colorIds,
        price: state.price, currency: 'EUR', package_size_id: state.pkg, assigned_photos: state.photos.map((id) => ({ id })),
      },
      webdriver: navigator.webdriver === true,
    };
  }
  function fieldErrors(errors) {
    for (const e of document.querySelectorAll('.field-error')) e.remove();
    for (const err of errors) {
      const d = document.createElement('div');
      d.className = 'field-error';
      d.setAttribute('data-testid', err.field + '--error');
      d.textContent = err.message;
      $('#upload-form').prepend(d);
    }
  }
  $('#save-draft').addEventListener('click', async () => {
    const { res, body } = await call('/api/v2/item_upload/drafts', { method: 'POST', headers: headers(true), body: JSON.stringify(payload()) });
    if (res.ok) { const n = $('#draft-notice'); n.hidden = false; n.textContent = 'Brouillon enregistré (' + body.draft.id + ')'; }
    else if (body && body.errors) fieldErrors(body.errors);
  });
  $('#publish').addEventListener('click', async () => {
    const { res, body } = await call('/api/v2/item_upload/items', { method: 'POST', headers: headers(true), body: JSON.stringify(payload()) });
    if (res.ok) location.href = '/items/' + body.item.id;
    else if (body && body.errors) fieldErrors(body.errors);
  });
})();
`;
