import { parseEuros } from '../../components/listing/form-state.ts';
/** A price filter as typed ("12,50", "12.5", "1 000"): the amount, undefined when empty, null when it is not an amount. */
export function priceFilter(s: string): number | undefined | null {
  if (s.trim() === '') return undefined;
  const v = parseEuros(s);
  return v === null || Number.isNaN(v) || v < 0 ? null : v;
}
