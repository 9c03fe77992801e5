// The fake site's HTML: the upload form (with the data-testids of shared/VINTED.md), a listing page, and the
// pages a seller meets when something is wrong (DataDome's captcha, Cloudflare's check, session refresh).

export interface FormVariant {
  /** Vinted renamed the title field's data-testid (its name attribute stays: a fallback finds it). */
  renamedTitle?: boolean;
  /** Vinted renamed the publish button and nothing else identifies it: the connector must stop. */
  renamedPublish?: boolean;
  /** The account is restricted: a banner says so. */
  restrictedBanner?: boolean;
}

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `
  body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:#f2f2f2;color:#171717}
  header{display:flex;justify-content:space-between;align-items:center;padding:12px 32px;background:#fff;border-bottom:1px solid #ddd}
  .logo{color:#007782;font-weight:700;font-size:24px}
  header button{border:1px solid #007782;color:#007782;background:#fff;border-radius:4px;padding:6px 12px}
  main{max-width:820px;margin:24px auto}
  h1{font-size:22px}
  section{background:#fff;border-radius:4px;padding:16px 24px;margin-bottom:12px}
  label{display:block;font-size:13px;color:#555;margin:8px 0}
  input:not([type=radio]):not([type=file]),textarea{display:block;width:100%;box-sizing:border-box;font-size:15px;padding:8px;border:0;border-bottom:1px solid #ccc;background:#fff}
  textarea{height:90px}
  .add-photos{display:inline-block;border:1px dashed #007782;color:#007782;padding:24px 32px;border-radius:4px;cursor:pointer}
  #thumbs img{width:96px;height:96px;object-fit:cover;margin:8px 8px 0 0;border-radius:4px}
  .dropdown{border:1px solid #ddd;max-height:220px;overflow:auto;background:#fff}
  .dropdown li{list-style:none;padding:6px 10px;cursor:pointer}
  .dropdown li small{display:block;color:#888}
  .dropdown li.selected{background:#e6f4f5}
  .buttons{display:flex;gap:12px;justify-content:flex-end}
  .buttons button{padding:10px 18px;border-radius:4px;font-size:15px;border:1px solid #007782}
  #publish,[data-testid=upload-form-submit-v2]{background:#007782;color:#fff}
  #save-draft{background:#fff;color:#007782}
  .field-error,[data-testid=upload-form-error]{color:#c00;font-size:13px}
  .banner{background:#fff3cd;border:1px solid #e0c36b;padding:12px 24px;margin:12px 32px}
  .packages label{display:inline-block;margin-right:24px}
`;

export const page = (title: string, body: string, csrf = '') => `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>${esc(title)}</title>${csrf ? `<meta name="csrf-token" content="${esc(csrf)}">` : ''}
<style>${STYLE}</style></head><body>${body}</body></html>`;

export function formPage(o: { login: string; csrf: string; variant: FormVariant }): string {
  const v = o.variant;
  const titleTestId = v.renamedTitle ? 'listing-title-field' : 'title--input';
  const publish = v.renamedPublish
    ? '<button type="button" id="publish" data-testid="upload-form-submit-v2">Ajouter</button>'
    : '<button type="button" id="publish" data-testid="upload-form-save-button">Ajouter</button>';
  const dependent = `
    <div class="brand-field"><label>Marque<input readonly name="brand" data-testid="brand-select-dropdown-input" placeholder="Sélectionne une marque"></label>
      <div class="dropdown brand-dd" hidden><input class="brand-search" data-testid="brand-search--input" placeholder="Trouve une marque">
        <ul class="brand-rows"></ul><li data-testid="brand-select-dropdown-custom" hidden></li></div></div>
    <div class="size-field"><label>Taille<input readonly name="size" data-testid="size-select-dropdown-input" placeholder="Sélectionne une taille"></label>
      <div class="dropdown size-dd" hidden><ul class="size-rows"></ul></div></div>
    <div><label>État<input readonly name="status" data-testid="category-condition-single-list-input" placeholder="Sélectionne un état"></label>
      <div class="dropdown condition-dd" hidden><ul class="condition-rows"></ul></div></div>
    <div><label>Couleur (2 max.)<input readonly name="color" data-testid="color-select-dropdown-input" placeholder="Sélectionne jusqu'à 2 couleurs"></label>
      <div class="dropdown color-dd" hidden><ul class="color-rows"></ul></div></div>`;
  const body = `
<header><span class="logo">Vinted</span><button type="button" data-testid="user-menu-button">${esc(o.login)} ▾</button></header>
${v.restrictedBanner ? '<div class="banner" data-testid="account-restricted-banner">Ton compte est restreint jusqu\'au 12/06/2026 : la modification et la publication d\'articles sont bloquées.</div>' : ''}
<main><h1>Vends un article</h1>
<form id="upload-form" onsubmit="return false">
  <div data-testid="upload-form-error" hidden></div>
  <div id="draft-notice" data-testid="draft-saved-notice" hidden></div>
  <section><label class="add-photos">+ Ajoute des photos<input id="photos-input" type="file" multiple accept="image/*" data-testid="add-photos-input" hidden></label><div id="thumbs"></div></section>
  <section>
    <label>Titre<input name="title" data-testid="${titleTestId}" placeholder="ex : Chemise Sézane verte"></label>
    <label>Décris ton article<textarea name="description" data-testid="description--input" placeholder="ex : porté quelques fois, taille correctement"></textarea></label>
  </section>
  <section>
    <label>Catégorie<input readonly id="category-input" name="category" data-testid="catalog-select-dropdown-input" placeholder="Sélectionne une catégorie"></label>
    <div class="dropdown" id="catalog-dropdown" hidden><input id="catalog-search-input" placeholder="Rechercher une catégorie"><ul id="catalog-rows"></ul></div>
    <div id="dependent" hidden></div>
    <template id="dependent-template">${dependent}</template>
  </section>
  <section><label>Prix<input name="price" data-testid="price-input--input" inputmode="decimal" placeholder="0,00 €"></label></section>
  <section class="packages"><div>Format du colis</div>
    <label><input type="radio" name="package_size" value="1" data-testid="package_type_selector_1"> Petit</label>
    <label><input type="radio" name="package_size" value="2" data-testid="package_type_selector_2"> Moyen</label>
    <label><input type="radio" name="package_size" value="3" data-testid="package_type_selector_3"> Grand</label>
  </section>
  <div class="buttons"><button type="button" id="save-draft" data-testid="upload-form-save-draft-button">Sauvegarder le brouillon</button>${publish}</div>
</form></main>
<script src="/assets/upload-form.js"></script>`;
  return page('Vends un article | Vinted', body, o.csrf);
}

/** A listing's page; `owner` is the seller's own controls (trusted HTML: the delete control), shown on their own listing. */
export function itemPage(item: { id: number; title: string; price: number; owner?: string }): string {
  return page(`${item.title} | Vinted`, `<header><span class="logo">Vinted</span></header><main><section><h1 data-testid="item-title">${esc(item.title)}</h1>
<p data-testid="item-price">${item.price.toFixed(2).replace('.', ',')} €</p><p>Article n° ${item.id}</p></section>${item.owner ?? ''}</main>`);
}

export const sessionRefreshPage = () => page('Vinted', '<main><section><h1>Ta session a expiré</h1><p>Connecte-toi à nouveau.</p></section></main>');

export const signupPage = () => page('Inscription | Vinted', '<header><span class="logo">Vinted</span></header><main><section><h1>Rejoins le mouvement de la seconde main</h1><button type="button">Se connecter</button></section></main>');

export const DATADOME_CAPTCHA_URL = 'https://geo.captcha-delivery.com/captcha/?initialCid=AHrlqAAAAAMA&hash=FAKE&cid=fake&t=fe&referer=https%3A%2F%2Fwww.vinted.fr%2Fitems%2Fnew';

/** DataDome's block page: a 403 whose body frames the captcha from geo.captcha-delivery.com. */
export const dataDomePage = () => `<html><head><title>vinted.fr</title></head><body style="margin:0">
<p id="cmsg">Please enable JS and disable any ad blocker</p>
<iframe src="${DATADOME_CAPTCHA_URL}" title="DataDome CAPTCHA" width="100%" height="100%" style="height:100vh;" frameborder="0" border="0" scrolling="yes"></iframe>
</body></html>`;

/** Cloudflare's managed challenge. */
export const cloudflarePage = () => `<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title></head><body>
<div class="main-wrapper"><div class="main-content"><h1 class="zone-name-title h1">www.vinted.fr</h1>
<h2 id="challenge-running" class="h2">Verifying you are human. This may take a few seconds.</h2>
<div id="challenge-stage"></div><noscript>Enable JavaScript and cookies to continue</noscript></div></div>
<script>window._cf_chl_opt={cvId:'3',cType:'managed'};</script></body></html>`;
