import exifr from 'exifr';

// When the photo was taken, from the EXIF block sharp hands over with the header (no second read of the file).
// EXIF times are local wall-clock times; with OffsetTimeOriginal (phones write it) we give the true UTC instant,
// without it the wall-clock time is reported as if it were UTC: the date (what sellers look at) stays right.

/** sharp's `metadata().exif`: "Exif\0\0" + TIFF for JPEG/PNG/WebP, the TIFF alone (after an offset) for HEIF. */
export function tiffOfExif(exif: Buffer | undefined): Buffer | null {
  if (!exif || exif.length < 8) return null;
  for (let i = 0; i <= Math.min(16, exif.length - 4); i++) {
    const le = exif[i] === 0x49 && exif[i + 1] === 0x49 && exif[i + 2] === 0x2a && exif[i + 3] === 0x00;
    const be = exif[i] === 0x4d && exif[i + 1] === 0x4d && exif[i + 2] === 0x00 && exif[i + 3] === 0x2a;
    if (le || be) return exif.subarray(i);
  }
  return null;
}

const EXIF_DATE = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/;
const OFFSET = /^([+-])(\d{2}):?(\d{2})$/;

/** EXIF "YYYY:MM:DD HH:MM:SS" (+ optional "+02:00") → ISO 8601 UTC, or null when absent or not a real date. */
export function exifDateToIso(value: unknown, offset?: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = EXIF_DATE.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  let ms = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59));
  const check = new Date(ms);
  if (check.getUTCDate() !== d) return null; // 31 February and friends
  const o = typeof offset === 'string' ? OFFSET.exec(offset.trim()) : null;
  if (o) ms -= (o[1] === '-' ? -1 : 1) * (Number(o[2]) * 60 + Number(o[3])) * 60_000;
  return new Date(ms).toISOString();
}

export async function captureTime(exif: Buffer | undefined): Promise<string | null> {
  const tiff = tiffOfExif(exif);
  if (!tiff) return null;
  try {
    const tags = await exifr.parse(tiff, {
      pick: ['DateTimeOriginal', 'OffsetTimeOriginal', 'CreateDate', 'OffsetTimeDigitized'],
      reviveValues: false, translateValues: false,
    });
    if (!tags) return null;
    return exifDateToIso(tags.DateTimeOriginal, tags.OffsetTimeOriginal) ?? exifDateToIso(tags.CreateDate, tags.OffsetTimeDigitized);
  } catch {
    return null; // a damaged EXIF block costs the capture time, never the photo
  }
}
