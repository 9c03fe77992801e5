import type { ErrorParams } from '../types.ts';

// Helpers of the error words in both languages (errors-fr.ts, errors-en.ts): a server parameter as text in the
// language's number format, or '' when the server did not send it, so a sentence reads without it.
export type Msg = string | ((p: ErrorParams) => string);
const text = (locale: string) => (x: unknown) => (typeof x === 'number' ? x.toLocaleString(locale) : typeof x === 'string' ? x : '');
export const vf = text('fr-FR');
export const ve = text('en-GB');
export const named = (x: unknown, before = ' ', after = '') => (vf(x) ? `${before}« ${vf(x)} »${after}` : '');
export const quoted = (x: unknown, before = ' ', after = '') => (ve(x) ? `${before}“${ve(x)}”${after}` : '');
/** A size limit in megabytes, from `max_mb` or `max_bytes`. */
export const mbOf = (p: ErrorParams) => (typeof p.max_mb === 'number' ? p.max_mb : typeof p.max_bytes === 'number' ? Math.round((p.max_bytes / 1048576) * 10) / 10 : undefined);
/** A count limit, from `max` or `max_files`. */
export const maxOf = (p: ErrorParams) => p.max ?? p.max_files;
