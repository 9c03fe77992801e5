// Small helpers shared by the Recharts charts.
/** A price on a chart axis, in the language's format (15,2 € in French, €15.2 in English). */
export const euroTick = (v: number, lang: 'fr' | 'en' = 'fr') =>
  new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { style: 'currency', currency: 'EUR', maximumFractionDigits: Number.isInteger(v) || v >= 100 ? 0 : 1, minimumFractionDigits: 0 }).format(v);

export const tooltipStyle = { background: 'var(--popover)', border: '1px solid var(--border)', borderRadius: 8, fontSize: 12 };
export const axisTick = { fontSize: 11, fill: 'var(--muted-foreground)' };
export const CHART_COLORS = ['var(--chart-1)', 'var(--chart-2)', 'var(--chart-3)', 'var(--chart-4)', 'var(--chart-5)'];
