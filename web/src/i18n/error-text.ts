// An API error in the seller's words and language: its stable code (with the parameters the server sends) becomes a
// sentence from the dictionary; validation issues become "Field: what is wrong". The server's own message is
// English for developers and logs, and is never shown: an unknown code gets a generic sentence instead.
import type * as errorsMessages from './messages/errors.ts';
import type { ErrorParams } from './types.ts';

type ErrorsDict = typeof errorsMessages.fr;

const isRecord = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);

/** The parameters of an error: `details` itself when it is an object, and `details.params` over it. */
export function errorParams(details: unknown): ErrorParams {
  if (!isRecord(details)) return {};
  const own = Object.fromEntries(Object.entries(details).filter(([k]) => k !== 'params' && k !== 'issues'));
  return { ...own, ...(isRecord(details.params) ? details.params : {}) };
}

/** The sentence for a code, or null when the dictionary does not know it. */
export function knownErrorText(t: ErrorsDict, code: string | null | undefined, params: ErrorParams = {}): string | null {
  if (!code) return null;
  const m = t.codes[code];
  if (m === undefined) return null;
  return typeof m === 'function' ? m(params) : m;
}

/** The sentence for a code; an unknown code reads as a generic sentence, never as the code or the server's English. */
export function errorText(t: ErrorsDict, code: string | null | undefined, params: ErrorParams = {}): string {
  return knownErrorText(t, code, params) ?? t.unknownCode;
}

export interface Issue {
  path?: string;
  message?: string;
  /** The validator's issue code (zod: too_small, invalid_type…); some servers name it `keyword`. */
  code?: string;
  keyword?: string;
  params?: ErrorParams;
  [k: string]: unknown;
}

/** The validation issues of an error's details. */
export function issuesOf(details: unknown): Issue[] {
  const issues = isRecord(details) ? details.issues : undefined;
  return Array.isArray(issues) ? (issues.filter(isRecord) as Issue[]) : [];
}

/** What is wrong with one value ("au moins 1"), without the field's name. */
export function issueWhat(t: ErrorsDict, i: Issue): string {
  const code = i.code ?? i.keyword;
  const m = code ? t.issues[code] : undefined;
  const params = { ...Object.fromEntries(Object.entries(i).filter(([k]) => !['path', 'message', 'code', 'keyword', 'params'].includes(k))), ...(isRecord(i.params) ? i.params : {}) };
  if (m === undefined) return t.issues.custom as string;
  return typeof m === 'function' ? m(params) : m;
}

/** The field's label: the last named part of the path that the dictionary knows ("items.0.price" → Prix). */
export function fieldLabel(t: ErrorsDict, path: string | undefined): string {
  const parts = (path ?? '').split('.').filter((p) => p && !/^\d+$/.test(p));
  for (let k = parts.length - 1; k >= 0; k--) if (t.fields[parts[k]]) return t.fields[parts[k]];
  return t.someValue;
}

/** One line per issue: "Prix : au moins 1". */
export function issueLines(t: ErrorsDict, details: unknown): string[] {
  return [...new Set(issuesOf(details).map((i) => t.fieldIssue(fieldLabel(t, i.path), issueWhat(t, i))))];
}

/** Issues by field path (the top-level field name), in the seller's words, for forms that show them under each field. */
export function issuesByField(t: ErrorsDict, details: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issuesOf(details)) {
    if (!i.path) continue;
    const what = issueWhat(t, i);
    out[i.path] ??= what;
    const top = i.path.split('.')[0];
    out[top] ??= what;
  }
  return out;
}
