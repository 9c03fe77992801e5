// Naive local datetimes ("2024-05-01 14:03:22.123456", Python's isoformat without an offset) read as wall-clock
// time in the seller's zone, and turned into the UTC instants we store.
const NAIVE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Milliseconds to add to a UTC instant to read the wall clock of `timeZone` at that instant. */
function offsetAt(instant: number, timeZone: string): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(instant)).map((x) => [x.type, Number(x.value)]));
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(instant / 1000) * 1000;
}

/** ISO 8601 UTC, or null when the text is not a date. A string with its own offset or "Z" keeps it. */
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
