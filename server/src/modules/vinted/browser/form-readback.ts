import type { Page } from 'playwright-core';
import type { ListingContent } from '../listing-content.ts';
import { conditionId } from '../listing-content.ts';
import { formatFormPrice, parseFormPrice } from '../vinted-facts.ts';
import { anyOf, CHOSEN, FORM, OPTION } from './form-selectors.ts';

// The fill check: what the form holds after filling, read from the page, compared with what we meant to put in.
// Every difference becomes a warning the seller sees next to the screenshot before deciding to publish.

export interface FilledForm {
  title: string;
  description: string;
  category: { id: number | null; label: string };
  brand: string;
  size: string;
  condition: { id: number | null; label: string };
  colours: { ids: number[]; label: string };
  price: string;
  price_cents: number | null;
  package_size: number | null;
  photos: number;
}

const READ_FORM_SCRIPT = `function (s) {
  var el = function (q) { return document.querySelector(q); };
  var val = function (q) { var e = el(q); return e && typeof e.value === 'string' ? e.value : ''; };
  var num = function (v) { return v && /^\\d+$/.test(v) ? Number(v) : null; };
  var chosen = function (q) { var e = el(q); return { id: num(e ? e.getAttribute(s.id) : null), label: val(q) }; };
  var pkg = s.packages.findIndex(function (q) {
    var e = el(q);
    return !!e && (e.checked || e.getAttribute('aria-checked') === 'true' || e.getAttribute('data-selected') === 'true');
  });
  var colour = el(s.colour);
  return {
    title: val(s.title), description: val(s.description), category: chosen(s.category), brand: val(s.brand), size: val(s.size),
    condition: chosen(s.condition),
    colours: { ids: ((colour && colour.getAttribute(s.ids)) || '').split(',').filter(function (x) { return /^\\d+$/.test(x); }).map(Number), label: val(s.colour) },
    price: val(s.price), package_size: pkg >= 0 ? pkg + 1 : null, photos: document.querySelectorAll(s.thumbs).length
  };
}`;

export async function readBack(page: Page): Promise<FilledForm> {
  const sel = {
    title: anyOf(FORM.title), description: anyOf(FORM.description), category: anyOf(FORM.category), brand: anyOf(FORM.brand),
    size: anyOf(FORM.size), condition: anyOf(FORM.condition), colour: anyOf(FORM.colour), price: anyOf(FORM.price),
    packages: [1, 2, 3].map((n) => anyOf(OPTION.packageSize(n as 1 | 2 | 3))), thumbs: OPTION.photoThumbs, id: CHOSEN.id, ids: CHOSEN.ids,
  };
  // A string, not a function: the server runs under tsx, whose transform adds helpers (__name) that do not exist in
  // the page, so a compiled callback with inner named functions would fail there.
  const raw = (await page.evaluate(`(${READ_FORM_SCRIPT})(${JSON.stringify(sel)})`)) as Omit<FilledForm, 'price_cents'>;
  return { ...raw, price_cents: parseFormPrice(raw.price) };
}

const norm = (s: string) => s.trim().toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ');

/** Differences between the intended content and the form, as sentences the seller can act on. */
export function compareFilled(c: ListingContent, photoCount: number, f: FilledForm): string[] {
  const w: string[] = [];
  if (f.title !== c.title) w.push(`title: the form holds "${f.title}"`);
  if (f.description.replace(/\r\n/g, '\n') !== c.description) w.push('description: the form holds a different text');
  if (c.catalog_id !== null && f.category.id !== null && f.category.id !== c.catalog_id) w.push(`category: the form holds ${f.category.id} ("${f.category.label}"), expected ${c.catalog_id}`);
  if ((c.category || c.category_search) && !f.category.label) w.push('category: none chosen');
  if (c.brand && norm(f.brand) !== norm(c.brand)) w.push(`brand: the form holds "${f.brand}"`);
  if (c.size && norm(f.size) !== norm(c.size)) w.push(`size: the form holds "${f.size}"`);
  const status = conditionId(c.condition);
  if (status !== null && (f.condition.id !== null ? f.condition.id !== status : !f.condition.label)) w.push(`condition: the form holds "${f.condition.label}"`);
  const want = c.colours.map((x) => x.id).sort((a, b) => a - b).join(',');
  const got = [...f.colours.ids].sort((a, b) => a - b).join(',');
  if (c.colours.length && f.colours.ids.length && want !== got) w.push(`colours: the form holds "${f.colours.label}"`);
  if (c.price_cents !== null && f.price_cents !== c.price_cents) w.push(`price: the form holds "${f.price}", expected ${formatFormPrice(c.price_cents)}`);
  if (f.package_size !== c.package_size) w.push(`package_size: the form holds ${f.package_size ?? 'none'}, expected ${c.package_size}`);
  if (f.photos !== photoCount) w.push(`photos: the form shows ${f.photos} of ${photoCount}`);
  return w;
}
