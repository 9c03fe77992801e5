// The one rule for text that reaches us from outside (a request, a CSV cell, a backup row, a file name): control
// characters are removed, never stored, whatever the database. C0 controls (NUL, ESC, BEL…) and DEL go; tab and
// newline stay; a carriage return becomes a newline (CR LF and a lone CR alike). PostgreSQL refuses NUL in text
// (`invalid byte sequence for encoding "UTF8": 0x00`), SQLite keeps it, a terminal runs ESC sequences: removing
// them on the way in makes both databases store the same thing and keeps them out of every output.
// Stripping rather than refusing: a stray control character in a spreadsheet cell or a pasted title is noise, and a
// backup made by an older version (which stored them on SQLite) must still restore.

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const CONTROLS = /\r\n?|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** `s` without control characters (tab and newline kept, CR LF and CR as newline). */
export function cleanText(s: string): string {
  // Most text has none: one test, no new string.
  return CONTROL.test(s) ? s.replace(CONTROLS, (m) => (m[0] === '\r' ? '\n' : '')) : s;
}

/** Whether `s` holds a character cleanText would change. */
export const hasControlCharacters = (s: string) => CONTROL.test(s);

/** Every string of a JSON value (object keys included) cleaned, in place where possible; the value returned. */
export function cleanDeep<T>(value: T): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = cleanDeep(value[i]);
    return value;
  }
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const v = cleanDeep(o[k]);
      const key = cleanText(k);
      if (key !== k) delete o[k];
      o[key] = v;
    }
  }
  return value;
}
