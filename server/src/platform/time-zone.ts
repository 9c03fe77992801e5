// The seller's wall clock. "Once per calendar day" means the seller's day (TZ), not UTC, and the Python bot's naive
// datetimes ("2024-05-01 14:03:22.123456", isoformat without an offset) are wall-clock times in that zone.

export const systemTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall clock of `timeZone` at `instant`, field by field (24-hour, zero-padded). */
function wallClock(instant: Date, timeZone: string): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  return Object.fromEntries(f.formatToParts(instant).map((p) => [p.type, p.value])) as ReturnType<typeof wallClock>;
}

/** `YYYY-MM-DD` of `at` in `timeZone`. */
export function localDay(at: Date, timeZone: string = systemTimeZone()): string {
  const p = wallClock(at, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Milliseconds to add to a UTC instant to read the wall clock of `timeZone` at that instant. */
function offsetAt(instant: number, timeZone: string): number {
  const p = wallClock(new Date(instant), timeZone);
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return wall - Math.floor(instant / 1000) * 1000;
}

const NAIVE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?$/;

/**
 * A naive local datetime read as wall-clock time in `timeZone`, as the ISO 8601 UTC instant we store; null when
 * the text is not a date. A string with its own offset or "Z" keeps it.
 */
export function naiveLocalToUtc(text: string, timeZone: string): string | null {
  const s = text.trim();
  const m = NAIVE.exec(s);
  if (!m) {
    if (!/[zZ]|[+-]\d{2}:?\d{2}$/.test(s)) return null;
    const ms = Date.parse(s);
    return Number.isNaN(ms) ? null : new Date(ms).toISOString();
  }
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '0'] = m;
  const wall = Date.UTC(+y, +mo - 1, +d, +h, +mi, +sec, Math.floor(Number(`0.${frac}`) * 1000));
  if (Number.isNaN(wall) || +mo < 1 || +mo > 12 || +d < 1 || +d > 31) return null;
  // Two passes settle the offset across a DST change; a wall time skipped by spring-forward lands an hour later.
  let utc = wall - offsetAt(wall, timeZone);
  utc = wall - offsetAt(utc, timeZone);
  return new Date(utc).toISOString();
}
