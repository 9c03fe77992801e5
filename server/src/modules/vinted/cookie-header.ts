// The seller pastes their whole Cookie header. We check its shape (never its content in a message: it is a secret)
// and split it into cookies the browser context can carry.

export const COOKIE_MAX_BYTES = 16 * 1024;
export const USER_AGENT_MAX = 512;

export interface ParsedCookie { name: string; value: string }

// RFC 6265 token characters for names; values may not hold controls, whitespace, quotes, commas, semicolons or backslashes.
const NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const VALUE = /^"?[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*"?$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1F\x7F]/;

export type CookieProblem = 'empty' | 'too_large' | 'control_characters' | 'malformed';

/** Why a Cookie header is refused, or null when it is usable. The message names the problem, never the value. */
export function cookieProblem(raw: string): CookieProblem | null {
  if (Buffer.byteLength(raw, 'utf8') > COOKIE_MAX_BYTES) return 'too_large';
  if (CONTROL.test(raw)) return 'control_characters';
  if (!raw.trim()) return 'empty';
  return parseCookieHeader(raw) ? null : 'malformed';
}

/** Splits "a=1; b=2" into cookies; null when any pair is malformed. A leading "Cookie:" is tolerated. */
export function parseCookieHeader(raw: string): ParsedCookie[] | null {
  const text = raw.trim().replace(/^cookie:\s*/i, '');
  const out: ParsedCookie[] = [];
  for (const part of text.split(';')) {
    const p = part.trim();
    if (!p) continue;
    const eq = p.indexOf('=');
    if (eq <= 0) return null;
    const name = p.slice(0, eq).trim();
    const value = p.slice(eq + 1).trim();
    if (!NAME.test(name) || !VALUE.test(value)) return null;
    out.push({ name, value });
  }
  return out.length ? out : null;
}

/** The header a request to the site carries, rebuilt from the parsed cookies (normalised spacing). */
export const cookieHeader = (cookies: ParsedCookie[]) => cookies.map((c) => `${c.name}=${c.value}`).join('; ');

export const userAgentProblem = (ua: string): 'too_large' | 'control_characters' | null =>
  ua.length > USER_AGENT_MAX ? 'too_large' : CONTROL.test(ua) ? 'control_characters' : null;
