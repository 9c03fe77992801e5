// Small helpers shared by the Recharts charts.
export const euroTick = (v: number) => `${Number.isInteger(v) ? v : v.toFixed(v >= 100 ? 0 : 1)} €`;

export const tooltipStyle = { background: 'var(--popover)', border: '1px solid var(--border)', borderRadius: 8, fontSize: 12 };
export const axisTick = { fontSize: 11, fill: 'var(--muted-foreground)' };
export const CHART_COLORS = ['var(--chart-1)', 'var(--chart-2)', 'var(--chart-3)', 'var(--chart-4)', 'var(--chart-5)'];
