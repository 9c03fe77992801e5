// Calendar arithmetic of the analytics (pure, UTC days as YYYY-MM-DD): buckets of a period and the period before.
export const PERIODS = ['day', 'week', 'month'] as const;
export type Period = (typeof PERIODS)[number];

const DAY_MS = 86_400_000;
export const dayMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
export const addDays = (d: string, n: number) => new Date(dayMs(d) + n * DAY_MS).toISOString().slice(0, 10);
export const daysBetween = (a: string, b: string) => Math.round((dayMs(b) - dayMs(a)) / DAY_MS);

/** The first day of the bucket holding `d`: the day, its week's Monday (ISO weeks), or the first of its month. */
export function bucketStart(d: string, period: Period): string {
  if (period === 'day') return d;
  if (period === 'month') return `${d.slice(0, 7)}-01`;
  const weekday = (new Date(dayMs(d)).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addDays(d, -weekday);
}

/** The bucket after the one starting on `start`. */
export function nextBucket(start: string, period: Period): string {
  if (period === 'day') return addDays(start, 1);
  if (period === 'week') return addDays(start, 7);
  const [y, m] = start.split('-').map(Number);
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
}

/** Every bucket start from the one holding `from` to the one holding `to`. */
export function bucketStarts(from: string, to: string, period: Period): string[] {
  const out: string[] = [];
  // Compared as instants, not strings: past year 9999 an ISO string starts with "+" and sorts before every day.
  const end = dayMs(to);
  for (let b = bucketStart(from, period); dayMs(b) <= end; b = nextBucket(b, period)) out.push(b);
  return out;
}

/** The default window of a period ending today: 30 days, 12 weeks or 12 months. */
export function defaultFrom(to: string, period: Period): string {
  if (period === 'day') return addDays(to, -29);
  if (period === 'week') return bucketStart(addDays(to, -7 * 11), 'week');
  const [y, m] = to.split('-').map(Number);
  return new Date(Date.UTC(y, m - 12, 1)).toISOString().slice(0, 10);
}

/** The period just before [from, to], of the same number of days. */
export function previousRange(from: string, to: string): { from: string; to: string } {
  const len = daysBetween(from, to) + 1;
  return { from: addDays(from, -len), to: addDays(from, -1) };
}

/** A relative change (0.25 = +25 %), null when there is nothing to compare with. */
export const change = (now: number, before: number) => (before === 0 ? null : Math.round(((now - before) / before) * 10_000) / 10_000);
