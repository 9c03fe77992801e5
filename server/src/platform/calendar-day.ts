import { z } from 'zod';

// A day as a query or a form gives it (YYYY-MM-DD, UTC), checked to be a real day of the calendar and of a year the
// app can count with. Date.parse alone takes 2026-02-30 for 2 March, and a year past 9999 turns the ISO strings
// the range arithmetic compares into "+010000-…", which sort before every date: a period loop then never ends.
export const DAY_YEAR_MIN = 1970;
export const DAY_YEAR_MAX = 2999;

/** Whether `v` (YYYY-MM-DD) names a real day between DAY_YEAR_MIN and DAY_YEAR_MAX. */
export function isCalendarDay(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < DAY_YEAR_MIN || y > DAY_YEAR_MAX) return false;
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** The query/body schema of such a day: 400 `invalid_date` otherwise, saying what is expected. */
export const calendarDay = () => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine(isCalendarDay, { message: `not a calendar date between ${DAY_YEAR_MIN} and ${DAY_YEAR_MAX}`, params: { code: 'invalid_date' } });
