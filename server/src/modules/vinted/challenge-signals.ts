import { parseRetryAfter } from '../../platform/http/retry-after.ts';
import { SESSION_REFRESH_PATH } from './vinted-facts.ts';

// The signals of shared/VINTED.md that mean "stop at once": anti-bot challenges, rate limits, a lost session,
// a restricted account. Pure functions over what a response or a page showed, so each signal is tested directly.

export type SignalKind = 'challenge' | 'rate_limited' | 'session_expired' | 'forbidden' | 'restricted' | 'unexpected_response';

export interface Signal {
  kind: SignalKind;
  /** What the seller reads (`needs_manual` reason). */
  reason: 'captcha_or_verification' | 'site_rate_limited' | 'session_expired' | 'access_denied' | 'account_restricted' | 'unexpected_response';
  /** Seconds the site asked us to wait (429 Retry-After), when it said. */
  retryAfterSeconds?: number;
  detail: string;
}

export interface ResponseObservation {
  status: number;
  url: string;
  contentType?: string | null;
  body?: string | null;
  location?: string | null;
  retryAfter?: string | null;
  /** True where the caller expected JSON (the /api/v2/ endpoints). */
  expectJson?: boolean;
}

const CAPTCHA_HOST = /captcha-delivery\.com/i;
const CHALLENGE_TEXT = [/just a moment/i, /verifying you are human/i, /checking your browser/i, /unusual activity/i, /activit[ée] inhabituelle/i, /cf-chl-/i, /captcha__element/];
const RESTRICTED_TEXT = [/restricted until/i, /restreint(?:e|s)? jusqu/i, /publication (?:est )?(?:bloqu|suspendu)/i, /editing and publishing are restricted/i];

/** What an HTTP answer from the site means for us; null when it is an ordinary answer. */
export function classifyResponse(o: ResponseObservation): Signal | null {
  const body = o.body ?? '';
  if (o.location && o.location.includes(SESSION_REFRESH_PATH)) return { kind: 'session_expired', reason: 'session_expired', detail: 'redirected to /session-refresh' };
  if (safePath(o.url).startsWith(SESSION_REFRESH_PATH)) return { kind: 'session_expired', reason: 'session_expired', detail: 'landed on /session-refresh' };
  if (o.status === 429) {
    return { kind: 'rate_limited', reason: 'site_rate_limited', retryAfterSeconds: parseRetryAfter(o.retryAfter), detail: `429 from ${safePath(o.url)}` };
  }
  if (o.status === 401) return { kind: 'session_expired', reason: 'session_expired', detail: `401 from ${safePath(o.url)}` };
  if (CAPTCHA_HOST.test(body) || CHALLENGE_TEXT.some((re) => re.test(body))) {
    return { kind: 'challenge', reason: 'captcha_or_verification', detail: `challenge page (${o.status}) from ${safePath(o.url)}` };
  }
  if (o.status === 403) return { kind: 'forbidden', reason: 'access_denied', detail: `403 from ${safePath(o.url)}` };
  if (RESTRICTED_TEXT.some((re) => re.test(body))) return { kind: 'restricted', reason: 'account_restricted', detail: 'the account is restricted' };
  if (o.expectJson && o.status < 300 && !looksLikeJson(o.contentType, body)) {
    return { kind: 'unexpected_response', reason: 'unexpected_response', detail: `non-JSON answer from ${safePath(o.url)}` };
  }
  return null;
}

export interface PageObservation {
  url: string;
  title: string;
  /** The visible text, or its first few thousand characters. */
  text: string;
  iframeSources: string[];
  hasCaptchaElement: boolean;
}

/** What a rendered page shows; null when nothing in it asks for a human. */
export function classifyPage(p: PageObservation): Signal | null {
  if (safePath(p.url).startsWith(SESSION_REFRESH_PATH)) return { kind: 'session_expired', reason: 'session_expired', detail: 'landed on /session-refresh' };
  if (p.iframeSources.some((s) => CAPTCHA_HOST.test(s)) || p.hasCaptchaElement) {
    return { kind: 'challenge', reason: 'captcha_or_verification', detail: 'captcha frame on the page' };
  }
  const text = `${p.title}\n${p.text}`;
  if (CHALLENGE_TEXT.some((re) => re.test(text))) return { kind: 'challenge', reason: 'captcha_or_verification', detail: 'verification page' };
  if (RESTRICTED_TEXT.some((re) => re.test(text))) return { kind: 'restricted', reason: 'account_restricted', detail: 'restriction banner' };
  return null;
}

function looksLikeJson(contentType: string | null | undefined, body: string): boolean {
  if (contentType && !/json/i.test(contentType)) return false;
  const t = body.trim();
  if (!t) return !contentType || /json/i.test(contentType);
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split('?')[0];
  }
}
