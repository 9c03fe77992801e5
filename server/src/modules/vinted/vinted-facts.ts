// Facts about Vinted the connector relies on (shared/VINTED.md, "last observed"): when Vinted changes, this file,
// browser/form-selectors.ts and challenge-signals.ts are where the fix goes.

export const VINTED_LIMITS = {
  titleMin: 5,
  titleMax: 100,
  descriptionMin: 5,
  descriptionMax: 2000,
  photosMin: 1,
  photosMax: 20,
  priceMinCents: 100,
  coloursMax: 2,
} as const;

export const PACE = {
  /** At most this many real publications a minute, whoever asks (API or queue). */
  publicationsPerMinute: 5,
  /** The community's cautious figure; the seller can change it in the settings. */
  defaultHourlyWriteBudget: 20,
  /** First back-off after a 429 from the site; each further 429 doubles it. */
  firstBackoffMs: 15 * 60_000,
  maxBackoffMs: 24 * 60 * 60_000,
} as const;

/** How long a confirm token (and the prepared form behind it) stays valid. */
export const CONFIRM_TOKEN_TTL_MS = 30 * 60_000;

/** What the seller must acknowledge before any publication: said plainly where it is turned on. */
export const TERMS_NOTICE_VERSION = '2026-01';
export const TERMS_NOTICE =
  "Vinted's Terms of Use forbid external bots and automated tools unless Vinted allows them. Accounts have been " +
  'restricted for automated-looking activity. VintedBot fills the listing form in a browser with your own session, ' +
  'at a slow pace, only for items you choose one by one, and stops at the first captcha or verification, which you ' +
  'then handle yourself on Vinted. It never solves a captcha, never logs in for you and never buys a bump. ' +
  'You use publication at your own risk, and your account may be restricted.';

export type PackageSize = 1 | 2 | 3;
// Package size is required on the form (1 small, 2 medium, 3 large); ours is a cautious guess by category.
const SMALL = new Set(['t-shirt', 'shirt', 'polo', 'skirt', 'shorts', 'hat', 'cap', 'beanie']);
const LARGE = new Set<string>([]);
export function packageSizeFor(categoryKey: string | null): PackageSize {
  if (categoryKey && SMALL.has(categoryKey)) return 1;
  if (categoryKey && LARGE.has(categoryKey)) return 3;
  return 2;
}

/** The French form writes prices with a comma decimal. */
export const formatFormPrice = (cents: number): string => (cents / 100).toFixed(2).replace('.', ',');

/** Reads a price the form shows back ("45,00", "45,00 €", "45.5") into cents; null when it is not a price. */
export function parseFormPrice(text: string | null | undefined): number | null {
  if (!text) return null;
  const m = text.replace(/\s| /g, '').replace('€', '').match(/^(\d+)(?:[.,](\d{1,2}))?$/);
  if (!m) return null;
  return Number(m[1]) * 100 + (m[2] ? Number(m[2].padEnd(2, '0')) : 0);
}

/** The public page of a listing on the configured site. */
export const listingUrl = (baseUrl: string, id: string) => `${baseUrl}/items/${id}`;
export const NEW_ITEM_PATH = '/items/new';
export const CURRENT_USER_PATH = '/api/v2/users/current';
export const SESSION_REFRESH_PATH = '/session-refresh';
/** A published listing's edit form (price changes); its save is PUT /api/v2/item_upload/items/<id>. */
export const editItemPath = (id: string) => `/items/${encodeURIComponent(id)}/edit`;
