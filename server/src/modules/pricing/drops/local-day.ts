import { Cron } from 'croner';

// "Once per calendar day" means the seller's day (TZ), not UTC: a 01:30 run in Paris belongs to the same day as
// the 03:00 one.
export const systemTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** `YYYY-MM-DD` of `at` in `timeZone`. */
export function localDay(at: Date, timeZone: string = systemTimeZone()): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The next time `pattern` fires after `from` (null for a pattern that never fires again). */
export function nextOccurrence(pattern: string, timeZone: string, from: Date): Date | null {
  const c = new Cron(pattern, { timezone: timeZone, paused: true });
  try {
    return c.nextRun(from);
  } finally {
    c.stop();
  }
}
