// The order the seller took the photos in: EXIF capture time first, then the file name (camera rolls number
// their files), compared naturally so IMG_9.jpg comes before IMG_10.jpg and folders keep their own order.
const NATURAL = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export interface Orderable { id: string; filename: string; takenAt: number | null }

export const compareFilenames = (a: string, b: string) => NATURAL.compare(a, b);

/**
 * Photos in capture order. File-name order is the frame; when most photos carry a capture time, the timed
 * ones are sorted by time into the places the timed photos occupy, and the untimed ones keep their place
 * (a screenshot or a forwarded photo in the middle of a session stays near its neighbours by name).
 */
export function captureOrder<T extends Orderable>(photos: readonly T[]): T[] {
  const byName = [...photos].sort((a, b) => compareFilenames(a.filename, b.filename) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const timed = byName.filter((p) => p.takenAt !== null);
  if (timed.length === 0 || timed.length < byName.length / 2) return byName;
  const sortedTimed = [...timed].sort((a, b) => a.takenAt! - b.takenAt! || compareFilenames(a.filename, b.filename));
  let k = 0;
  return byName.map((p) => (p.takenAt !== null ? sortedTimed[k++] : p));
}
