// Money is integer cents inside, euros with at most two decimals outside.
export const toCents = (euros: number): number => Math.round(euros * 100);
export const toEuros = (cents: number): number => Math.round(cents) / 100;
export const centsOrNull = (euros: number | null | undefined) => (euros === null || euros === undefined ? null : toCents(euros));
export const eurosOrNull = (cents: number | null | undefined) => (cents === null || cents === undefined ? null : toEuros(cents));

/** "45€", "47.5€", "12.99€": how the seller's console lines write a price (no trailing zeros). */
export function formatEuros(euros: number): string {
  return `${Number(euros.toFixed(2))}€`;
}
