import { Cron } from 'croner';

// "Once per calendar day" means the seller's day (TZ), not UTC: a 01:30 run in Paris belongs to the same day as
// the 03:00 one. The wall-clock helpers are the platform's (one for every module).
export { localDay, systemTimeZone } from '../../../platform/time-zone.ts';

/** The next time `pattern` fires after `from` (null for a pattern that never fires again). */
export function nextOccurrence(pattern: string, timeZone: string, from: Date): Date | null {
  const c = new Cron(pattern, { timezone: timeZone, paused: true });
  try {
    return c.nextRun(from);
  } finally {
    c.stop();
  }
}
