// Every selector of Vinted's upload form, in one place (shared/VINTED.md, "last observed"). Each field has its
// observed `data-testid` first and fallbacks after it: when Vinted renames one, the fallback keeps the form
// working (with a warning saying which one was used) and the fix is an edit of this file only.

export interface FieldSelector {
  /** The name warnings and errors use. */
  name: string;
  primary: string;
  fallbacks: string[];
}

const f = (name: string, primary: string, ...fallbacks: string[]): FieldSelector => ({ name, primary, fallbacks });
const testId = (id: string) => `[data-testid="${id}"]`;

export const FORM = {
  userMenu: f('user_menu', testId('user-menu-button'), testId('header--user-menu'), 'header [aria-label="Mon profil"]'),
  photosInput: f('photos', testId('add-photos-input'), 'input[type="file"][accept*="image"]'),
  title: f('title', testId('title--input'), 'input[name="title"]', '#title'),
  description: f('description', testId('description--input'), 'textarea[name="description"]', '#description'),
  category: f('category', testId('catalog-select-dropdown-input'), 'input[name="category"]', '#category'),
  categorySearch: f('category_search', '#catalog-search-input', testId('catalog-search-input')),
  brand: f('brand', testId('brand-select-dropdown-input'), 'input[name="brand"]', '#brand'),
  brandSearch: f('brand_search', testId('brand-search--input'), '#brand-search-input'),
  size: f('size', testId('size-select-dropdown-input'), 'input[name="size"]', '#size'),
  condition: f('condition', testId('category-condition-single-list-input'), 'input[name="status"]', '#status'),
  colour: f('colour', testId('color-select-dropdown-input'), 'input[name="color"]', '#color'),
  price: f('price', testId('price-input--input'), 'input[name="price"]', '#price'),
  saveDraft: f('save_draft', testId('upload-form-save-draft-button'), 'button[name="save_draft"]'),
  publish: f('publish', testId('upload-form-save-button'), 'button[type="submit"][name="upload"]'),
} as const;

/** Options inside the pickers, addressed by the id Vinted gives them. */
export const OPTION = {
  categoryRow: (id: number) => [testId(`catalog-select-dropdown-row-${id}`), `[data-catalog-id="${id}"]`],
  categoryRows: `[data-testid^="catalog-select-dropdown-row-"], [data-catalog-id]`,
  brandRows: `[data-testid^="brand-select-dropdown-row-"]`,
  brandCustom: [testId('brand-select-dropdown-custom'), '[data-brand-custom]'],
  sizeRows: `[data-testid^="size-select-dropdown-row-"]`,
  conditionRow: (id: number) => [testId(`category-condition-single-list-row-${id}`), `[data-status-id="${id}"]`],
  colourRow: (id: number) => [testId(`color-select-dropdown-row-${id}`), `[data-color-id="${id}"]`],
  packageSize: (n: 1 | 2 | 3) => [testId(`package_type_selector_${n}`), `input[name="package_size"][value="${n}"]`],
  photoThumbs: `[data-testid^="photo-thumb"]`,
  /** Where the form states an error next to a field or at its top. */
  formErrors: `[data-testid$="--error"], [data-testid="upload-form-error"]`,
};

/** The read-back of the form: data attributes the pickers leave on their inputs once a value is chosen. */
export const CHOSEN = {
  id: 'data-selected-id',
  ids: 'data-selected-ids',
};

/** One CSS selector matching the field through any of its known names. */
export const anyOf = (s: FieldSelector | string[]) => (Array.isArray(s) ? s : [s.primary, ...s.fallbacks]).join(', ');
