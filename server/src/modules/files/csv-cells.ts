// Cell-level rules shared by every CSV in and out: formula injection, French and English numbers, list cells.

// A spreadsheet runs a cell starting with = + - @ (or a tab / carriage return before them) as a formula, even
// in a CSV; "=HYPERLINK(…)" or "=cmd|…" in a title would run on the seller's machine when the export is opened.
const FORMULA_START = /^[\t\r]|^\s*[=+\-@]/;

/** An exported text cell, made inert with a leading apostrophe (OWASP's advice; spreadsheets hide it). */
export function protectCell(s: string): string {
  // Most cells start with a letter or a digit, which no formula does: the regexp only sees the others.
  const c = s.charCodeAt(0);
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)) return s;
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/** The reverse on import: a cell we protected on export comes back as the seller wrote it. */
export function unprotectCell(s: string): { value: string; wasProtected: boolean } {
  if (s.startsWith("'") && FORMULA_START.test(s.slice(1))) return { value: s.slice(1), wasProtected: true };
  return { value: s, wasProtected: false };
}

/**
 * A cell that a spreadsheet would execute: "=…", "@…", or a sign followed by a function call ("+HYPERLINK(",
 * "-cmd|…"). Plain text starting with a dash ("- Taille M") or a signed number is not one.
 */
export function looksLikeFormula(s: string): boolean {
  return /^\s*[=@]/.test(s) || /^\s*[+-]\s*[A-Za-z_][\w.]*\s*[(|!]/.test(s) || /^[\t\r]\s*[=+\-@]/.test(s);
}

export type ParsedEuros = { ok: true; cents: number | null } | { ok: false; code: 'invalid_price' | 'price_out_of_range'; message: string };

/**
 * Reads a price the way sellers write it: "12", "12.5", "12,50", "12,50 €", "1 234,56", "1,234.56", "€9.99".
 * Empty means no price. More than two decimals, letters or a lone separator are refused, never guessed.
 */
export function parseEuros(raw: string, { min = 1, max = 1_000_000 } = {}): ParsedEuros {
  const s = raw.replace(/[\s\u00a0\u202f]/g, '').replace(/€|eur$/gi, '');
  if (s === '') return { ok: true, cents: null };
  let normal: string | null = null;
  if (/^\d+([.,]\d{1,2})?$/.test(s)) normal = s.replace(',', '.');
  else if (/^\d{1,3}(,\d{3})+(\.\d{1,2})?$/.test(s)) normal = s.replace(/,/g, '');
  else if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(s)) normal = s.replace(/\./g, '').replace(',', '.');
  if (normal === null) return { ok: false, code: 'invalid_price', message: `"${raw.trim().slice(0, 40)}" is not a price (write it like 12,50 or 12.50)` };
  const cents = Math.round(Number(normal) * 100);
  if (cents < min * 100 || cents > max * 100) {
    return { ok: false, code: 'price_out_of_range', message: `${normal} € is outside ${min}–${max.toLocaleString('en')} €` };
  }
  return { ok: true, cents };
}

/** A euro amount for a CSV cell: "47.5" or, for French spreadsheets, "47,5". */
export function formatEurosCell(cents: number | null, decimalComma: boolean): string {
  if (cents === null) return '';
  const s = String(cents / 100);
  return decimalComma ? s.replace('.', ',') : s;
}

/** Splits a list cell ("navy, black" / "navy|black" / "navy/black"). */
export function splitList(s: string): string[] {
  return s.split(/[,|;/]/).map((x) => x.trim()).filter(Boolean);
}

/**
 * Header and vocabulary matching: lower case, no accents, single underscores. An apostrophe, straight or curly, is a
 * separator too: a seller types "coût d'achat" where our export writes "coût d’achat", and both mean cout_d_achat.
 */
export function foldKey(s: string): string {
  return s.trim().toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/[\s\-./'’]+/g, '_').replace(/^_+|_+$/g, '');
}
