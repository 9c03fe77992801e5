// Where things are on Vinted's pages, last observed (shared/VINTED.md). Each field has fallbacks; a rename on
// Vinted's side is a change here only. A field none of them finds is listed for the seller, never guessed.

export const SEL = {
  photos: ['input[data-testid="add-photos-input"]', 'input[type="file"][accept*="image"]', 'input[type="file"]'],
  photoThumbs: ['[data-testid^="photo-thumb"]', '[data-testid*="photo"] img'],
  title: ['[data-testid="title--input"]', 'input[name="title"]', 'input[id="title"]'],
  description: ['[data-testid="description--input"]', 'textarea[name="description"]', 'textarea[id="description"]'],
  category: ['[data-testid="catalog-select-dropdown-input"]', 'input[name="category"]'],
  categorySearch: ['#catalog-search-input', '[data-testid="catalog-search-input"]', '[data-testid="catalog-select-dropdown-search"] input'],
  categoryRow: (id: number) => [`[data-testid="catalog-select-dropdown-row-${id}"]`, `[data-testid="catalog-${id}"]`],
  categoryRows: ['[data-testid^="catalog-select-dropdown-row-"]'],
  brand: ['[data-testid="brand-select-dropdown-input"]', 'input[name="brand"]'],
  brandSearch: ['[data-testid="brand-search--input"]', '#brand-search-input'],
  brandRows: ['[data-testid^="brand-select-dropdown-row-"]'],
  brandCustom: ['[data-testid="brand-select-dropdown-custom"]'],
  size: ['[data-testid="size-select-dropdown-input"]', 'input[name="size"]'],
  sizeRows: ['[data-testid^="size-select-dropdown-row-"]'],
  condition: ['[data-testid="category-condition-single-list-input"]', 'input[name="status"]'],
  conditionRow: (id: number) => [`[data-testid="category-condition-single-list-row-${id}"]`, `[data-testid="condition-${id}"]`],
  colour: ['[data-testid="color-select-dropdown-input"]', 'input[name="color"]'],
  colourRow: (id: number) => [`[data-testid="color-select-dropdown-row-${id}"]`, `[data-testid="color-${id}"]`],
  price: ['[data-testid="price-input--input"]', 'input[name="price"]'],
  packageSize: (n: number) => [`[data-testid="package_type_selector_${n}"]`, `input[name="package_size"][value="${n}"]`],
  publish: ['[data-testid="upload-form-save-button"]'],
  saveDraft: ['[data-testid="upload-form-save-draft-button"]'],
  // The new-item form's answers: the draft saved, or the site's error.
  draftSaved: ['[data-testid="draft-saved-notice"]:not([hidden])'],
  formError: ['[data-testid="upload-form-error"]:not([hidden])'],
  // A listing's page: its title, and on the seller's own one the delete control with the site's confirm.
  listingTitle: ['[data-testid="item-title"]', 'h1[itemprop="name"]'],
  deleteButton: ['[data-testid="item-delete-button"]'],
  deleteConfirm: ['[data-testid="item-delete-modal-confirm"]'],
  deleteError: ['[data-testid="item-delete-error"]:not([hidden])'],
  // A listing's page: the price it shows.
  listingPrice: ['[data-testid="item-price"]', '[itemprop="price"]', '[data-testid*="item-price"]'],
  // The sold-orders list (/my_orders/sold): one row per sale, and the parts of a row.
  saleRows: ['[data-testid^="my-orders-item-"]:not([data-testid*="--"])', '.my-orders__item'],
  salePrice: ['[data-testid$="--price"]', '[class*="price"]'],
  saleBuyer: ['[data-testid$="--buyer"]', '[class*="buyer"]'],
  saleStatus: ['[data-testid$="--status"]', '[class*="status"]'],
  // The member's wardrobe (/member/<id>-<login>): one card per listing; "Modifier le profil" only on one's own.
  wardrobeCards: ['[data-testid^="product-item-id-"]:not([data-testid*="--"])', '.feed-grid__item'],
  ownProfile: ['[data-testid="edit-profile-button"]', 'a[href="/settings/profile"]'],
} as const;

/** The first element any of the selectors finds, outside the extension's own panel. */
export function find<T extends Element = HTMLElement>(list: readonly string[], root: ParentNode = document): T | null {
  for (const s of list) {
    const el = root.querySelector<T & Element>(s);
    if (el && !el.closest('#vintedbot-panel-host')) return el as T;
  }
  return null;
}

export function findAll(list: readonly string[]): HTMLElement[] {
  for (const s of list) {
    const els = [...document.querySelectorAll<HTMLElement>(s)];
    if (els.length) return els;
  }
  return [];
}
