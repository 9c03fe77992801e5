import { ask, t } from '../messages.ts';
import { challengeOnPage } from './challenge.ts';
import { click, fold, focusOut, pause, rowLabel, typeInto, waitFor } from './dom-input.ts';
import { find, findAll, SEL } from './selectors.ts';

// Fills Vinted's "new item" form with one draft, field by field, then reads the form back. A field it cannot find
// or cannot set is listed for the seller (with why), never guessed; a challenge appearing stops it at once.

export interface DraftFill {
  id: string; title: string; description: string; brand: string | null; size: string | null;
  condition: { vinted_id: number; fr: string; en: string } | null; catalog_id: number | null;
  category: { fr: string; en: string } | null; colours: { id: number; fr: string; en: string }[]; price: number | null;
  package_size: number; photos: { id: string; url: string }[];
}

export interface FillReport { filled: string[]; left: string[]; stopped: string | null }

class Stop extends Error {}

export async function fillForm(d: DraftFill): Promise<FillReport> {
  const filled: string[] = [];
  const left: string[] = [];
  const guard = () => {
    const c = challengeOnPage();
    if (c) throw new Stop(c);
  };
  const step = async (field: string, run: () => Promise<boolean | string>) => {
    guard();
    try {
      const r = await run();
      if (r === true) filled.push(field);
      else left.push(r === false ? t('leftNotFound', t(`field_${field}`)) : r);
    } catch (e) {
      if (e instanceof Stop) throw e;
      left.push(t('leftFailed', t(`field_${field}`)));
    }
    await pause(120);
  };

  try {
    await step('photos', () => photos(d));
    await step('title', async () => text(SEL.title, d.title));
    await step('description', async () => text(SEL.description, d.description));
    await step('category', () => category(d));
    await step('brand', () => brand(d));
    await step('size', () => size(d));
    await step('condition', () => condition(d));
    await step('colours', () => colours(d));
    await step('price', async () => price(d));
    await step('package_size', async () => {
      const r = find<HTMLInputElement>(SEL.packageSize(d.package_size));
      if (!r) return false;
      click(r);
      return r.checked !== false;
    });
  } catch (e) {
    if (e instanceof Stop) return { filled, left, stopped: e.message };
    throw e;
  }
  // Read the form back: only what the page now shows counts as filled.
  const shown = readBack(d);
  for (const f of filled.filter((x) => !shown.has(x))) left.push(t('leftNotConfirmed', t(`field_${f}`)));
  return { filled: filled.filter((x) => shown.has(x)), left, stopped: null };
}

function readBack(d: DraftFill): Set<string> {
  const v = (list: readonly string[]) => find<HTMLInputElement>(list)?.value ?? '';
  const ok = new Set<string>();
  if (findAll(SEL.photoThumbs).length >= d.photos.length && d.photos.length) ok.add('photos');
  if (v(SEL.title) === d.title) ok.add('title');
  if (v(SEL.description) === d.description) ok.add('description');
  if (v(SEL.category)) ok.add('category');
  if (d.brand && fold(v(SEL.brand)) === fold(d.brand)) ok.add('brand');
  if (v(SEL.size)) ok.add('size');
  if (v(SEL.condition)) ok.add('condition');
  if (v(SEL.colour)) ok.add('colours');
  if (d.price !== null && v(SEL.price).replace(/\s|€/g, '').startsWith(d.price.toFixed(2).replace('.', ','))) ok.add('price');
  if (find<HTMLInputElement>(SEL.packageSize(d.package_size))?.checked) ok.add('package_size');
  return ok;
}

async function photos(d: DraftFill): Promise<boolean | string> {
  const input = find<HTMLInputElement>(SEL.photos);
  if (!input) return false;
  if (!d.photos.length) return t('leftNoPhotos');
  const dt = new DataTransfer();
  for (const [i, p] of d.photos.entries()) {
    const img = await ask<{ ok: boolean; mime: string; base64: string }>({ kind: 'image', path: p.url });
    if (!img.ok) return t('leftPhotoFetch');
    const bytes = Uint8Array.from(atob(img.base64), (c) => c.charCodeAt(0));
    dt.items.add(new File([bytes], `photo-${i + 1}.jpg`, { type: img.mime }));
  }
  input.files = dt.files;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
  // The site uploads each photo as it arrives; its thumbnails say they were taken.
  const shown = await waitFor(() => findAll(SEL.photoThumbs).length >= d.photos.length, 20_000);
  return shown ? true : t('leftPhotosUnconfirmed');
}

function text(list: readonly string[], value: string): boolean {
  const el = find<HTMLInputElement | HTMLTextAreaElement>(list);
  if (!el) return false;
  typeInto(el, value);
  return el.value === value;
}

async function category(d: DraftFill): Promise<boolean | string> {
  const input = find(SEL.category);
  if (!input) return false;
  if (!d.category && d.catalog_id === null) return t('leftNoCategory');
  click(input);
  const search = await waitFor(() => find<HTMLInputElement>(SEL.categorySearch), 3000);
  if (!search) return t('leftNotFound', t('field_category'));
  const words = d.category ? (document.documentElement.lang.startsWith('en') ? d.category.en : d.category.fr) : '';
  typeInto(search, words);
  // The draft's leaf by its Vinted id; without it, a single row named like the category.
  const row = await waitFor(() => (d.catalog_id !== null ? find<HTMLElement>(SEL.categoryRow(d.catalog_id)) : null)
    ?? (findAll(SEL.categoryRows).length === 1 ? findAll(SEL.categoryRows)[0] : null), 5000);
  if (!row) return t('leftCategoryPick', words);
  click(row);
  // The category's own fields appear once a leaf is chosen.
  await waitFor(() => find(SEL.brand) ?? find(SEL.condition), 5000);
  return true;
}

async function brand(d: DraftFill): Promise<boolean | string> {
  if (!d.brand) return t('leftNoValue', t('field_brand'));
  const input = find<HTMLInputElement>(SEL.brand);
  if (!input) return false;
  click(input);
  const search = await waitFor(() => find<HTMLInputElement>(SEL.brandSearch), 3000);
  if (!search) return false;
  typeInto(search, d.brand);
  const want = fold(d.brand);
  const row = await waitFor(() => findAll(SEL.brandRows).find((r) => rowLabel(r) === want), 4000);
  if (row) click(row);
  else {
    const custom = find(SEL.brandCustom);
    if (!custom || custom.hidden) return t('leftBrandPick', d.brand);
    click(custom);
  }
  return fold(input.value) === want;
}

/** Sizes by label: "EU 43" is "43", "Taille unique" is one size. */
const sizeKey = (s: string) => fold(s).replace(/^(eu|fr|taille|size)\s*/, '');

async function size(d: DraftFill): Promise<boolean | string> {
  const input = find<HTMLInputElement>(SEL.size);
  if (!input) return d.size ? t('leftSizeNoField', d.size) : true;
  if (!d.size) return t('leftNoValue', t('field_size'));
  click(input);
  const want = sizeKey(d.size);
  const row = await waitFor(() => findAll(SEL.sizeRows).find((r) => sizeKey(rowLabel(r)) === want), 3000);
  if (!row) return t('leftSizePick', d.size);
  click(row);
  return true;
}

async function condition(d: DraftFill): Promise<boolean | string> {
  if (!d.condition) return t('leftNoValue', t('field_condition'));
  const input = find<HTMLInputElement>(SEL.condition);
  if (!input) return false;
  click(input);
  const row = await waitFor(() => find<HTMLElement>(SEL.conditionRow(d.condition!.vinted_id)), 3000);
  if (!row) return t('leftConditionPick', d.condition.fr);
  click(row);
  return true;
}

async function colours(d: DraftFill): Promise<boolean | string> {
  if (!d.colours.length) return t('leftNoValue', t('field_colours'));
  const input = find<HTMLInputElement>(SEL.colour);
  if (!input) return false;
  click(input);
  const missing: string[] = [];
  for (const c of d.colours.slice(0, 2)) {
    const row = await waitFor(() => find<HTMLElement>(SEL.colourRow(c.id)), 3000);
    if (row) click(row);
    else missing.push(c.fr);
    await pause(80);
  }
  document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
  return missing.length ? t('leftColourPick', missing.join(', ')) : true;
}

function price(d: DraftFill): boolean | string {
  if (d.price === null) return t('leftNoValue', t('field_price'));
  const input = find<HTMLInputElement>(SEL.price);
  if (!input) return false;
  typeInto(input, d.price.toFixed(2).replace('.', ','));
  focusOut(input);
  return true;
}
