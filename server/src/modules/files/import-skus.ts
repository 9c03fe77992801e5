import { AppError } from '../../platform/errors.ts';
import type { ListingsService } from '../listings/index.ts';
import type { RowIssue } from './import-record.ts';

/** The SKU a planned row leaves on its item (its own, or the one generated for it), and which item that is. */
export interface SkuClaim { line: number; itemId: string; sku: string }

/**
 * The rows whose SKU another item holds, or an earlier row of the file claims: each a `sku_taken` row error, so the
 * report names the line and the SKU instead of the write refusing the whole file (SKUs are unique per owner).
 * `claims` in file order: the first row of a repeated SKU keeps it, the later ones name that line. One batched
 * lookup on the stock's SKU index (listings' skuHolders).
 */
/** A row whose SKU another item of the stock holds. */
const heldElsewhere = (c: SkuClaim, holder?: string): RowIssue => ({
  line: c.line, field: 'sku', code: 'sku_taken', message: `The SKU ${c.sku} is already another item's`, params: holder ? { sku: c.sku, item_id: holder } : { sku: c.sku },
});

export async function skuConflicts(listings: Pick<ListingsService, 'skuHolders'>, claims: SkuClaim[]): Promise<RowIssue[]> {
  const first = new Map<string, SkuClaim>();
  const issues: RowIssue[] = [];
  for (const c of claims) {
    const earlier = first.get(c.sku);
    if (earlier) {
      issues.push({ line: c.line, field: 'sku', code: 'sku_taken', message: `The SKU ${c.sku} is also on line ${earlier.line}: one item per SKU`, params: { sku: c.sku, other_line: earlier.line } });
    } else first.set(c.sku, c);
  }
  const holders = await listings.skuHolders([...first.keys()]);
  for (const c of first.values()) {
    const holder = holders.get(c.sku);
    // The item the row updates may keep its own SKU.
    if (holder !== undefined && holder !== c.itemId) issues.push(heldElsewhere(c, holder));
  }
  return issues.sort((a, b) => a.line - b.line);
}

/**
 * The write refused a SKU (409 sku_taken from the listings write path): another item took it between the check and
 * the write. Its transaction rolled back, so nothing was written; the rows in question are found again against the
 * stock as it is now (or, should that item be gone again, by the SKU the refusal names). None found: not ours to
 * explain, the caller rethrows.
 */
export async function lateSkuConflicts(e: unknown, listings: Pick<ListingsService, 'skuHolders'>, claims: SkuClaim[]): Promise<RowIssue[]> {
  if (!(e instanceof AppError) || e.code !== 'sku_taken') return [];
  const found = await skuConflicts(listings, claims);
  if (found.length) return found;
  const sku = (e.details as { params?: { sku?: unknown } } | undefined)?.params?.sku;
  return claims.filter((c) => c.sku === sku).map((c) => heldElsewhere(c));
}
