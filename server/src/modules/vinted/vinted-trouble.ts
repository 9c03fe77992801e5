import { SiteUnavailableError } from './browser/site-watch.ts';
import type { Signal } from './challenge-signals.ts';

// What went wrong with Vinted, told apart so the seller knows what to do: Vinted did not answer (unreachable), it
// answered that the session is not logged in, it put a check in the way (captcha, 403, 429, a restriction), or its
// form changed. Each has a stable code (the app words it in the seller's language) and the action that helps.

export type TroubleKind = 'unreachable' | 'not_logged_in' | 'blocked' | 'form_changed';
export type TroubleAction = 'retry_later' | 'log_in_again' | 'solve_on_vinted' | 'wait' | 'check_account' | 'update_app';

export interface Trouble {
  kind: TroubleKind;
  /** Stable error code: vinted_unreachable, vinted_not_logged_in, vinted_blocked, vinted_form_changed. */
  code: `vinted_${TroubleKind}`;
  /** What the seller can do about it. */
  action: TroubleAction;
  /** Did Vinted answer at all? False for unreachable: nothing can then be said about the session. */
  vinted_answered: boolean;
}

const trouble = (kind: TroubleKind, action: TroubleAction): Trouble => ({ kind, code: `vinted_${kind}`, action, vinted_answered: kind !== 'unreachable' });

/** A signal the site gave (an answer, a page). A non-JSON answer where JSON was due is a proxy or maintenance page: not Vinted's word. */
export function troubleOfSignal(s: Pick<Signal, 'kind'>): Trouble {
  switch (s.kind) {
    case 'session_expired': return trouble('not_logged_in', 'log_in_again');
    case 'rate_limited': return trouble('blocked', 'wait');
    case 'restricted': return trouble('blocked', 'check_account');
    case 'challenge':
    case 'forbidden': return trouble('blocked', 'solve_on_vinted');
    default: return trouble('unreachable', 'retry_later');
  }
}

/** The form on Vinted no longer has a field we fill: the app needs an update. */
export const formChanged = (): Trouble => trouble('form_changed', 'update_app');

/** Vinted did not answer (network error, timeout, 5xx). */
export const unreachable = (): Trouble => trouble('unreachable', 'retry_later');

// Playwright's and undici's words for "the site never answered": DNS, refused or reset connections, timeouts.
const NETWORK = /net::ERR_|ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|fetch failed|Timeout|timed out|socket hang up/i;

/** A failure of the browser or of a request that means Vinted could not be reached; null for anything else (a bug, a crash). */
export function troubleOfFailure(e: unknown): Trouble | null {
  if (e instanceof SiteUnavailableError) return unreachable();
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } } | null;
  const text = `${err?.name ?? ''} ${err?.message ?? ''} ${err?.cause?.code ?? ''} ${err?.cause?.message ?? ''}`;
  return NETWORK.test(text) ? unreachable() : null;
}
