import { AppError, badRequest } from '../../platform/errors.ts';
import { newId, nowIso } from '../../platform/time.ts';
import { cookieHeader, cookieProblem, parseCookieHeader, userAgentProblem } from './cookie-header.ts';
import { fetchCurrentUser } from './site-client.ts';
import type { VintedDeps } from './vinted-deps.ts';
import { type Trouble, troubleOfSignal, unreachable } from './vinted-trouble.ts';

// Saving and checking the seller's session. We never log in for the seller: they log in on Vinted in their own
// browser and paste the Cookie header; we only ask the site who that session belongs to.

export interface SaveSessionInput {
  cookie?: string;
  cookie_value?: string;
  user_agent?: string | null;
  expires_at?: string | null;
}

/** What the session check found: Vinted's answer, or that it gave none (never read as "the session is refused"). */
export type AuthState = 'logged_in' | 'not_logged_in' | 'unreachable' | 'blocked' | 'no_session';

export interface AuthCheck {
  /** true: Vinted confirmed the session; false: Vinted (now or earlier) said it is not logged in, or none is saved; null: unknown (Vinted did not answer, or put a check in the way). */
  authenticated: boolean | null;
  state: AuthState;
  username: string | null;
  user_id: string | null;
  reason?: string;
  /** When the check could not confirm the session: what kind of trouble, its code and what to do. */
  trouble?: Trouble;
}

export class SessionAuth {
  constructor(private readonly d: VintedDeps) {}

  /** Saves the session; a client of the older seed (body `cookie_value`) also gets its fields back. */
  async save(input: SaveSessionInput) {
    const answer = await this.store(input);
    if (input.cookie !== undefined || input.cookie_value === undefined) return answer;
    const note = answer.verified
      ? `Session saved encrypted and confirmed by Vinted for ${answer.username ?? 'this account'}.`
      : `Session saved encrypted; Vinted could not confirm it now (${'reason' in answer ? answer.reason : 'unknown'}): check it later with GET /vinted/auth/check.`;
    return { ...answer, session_id: newId(), valid: answer.verified, created_at: nowIso(), note };
  }

  private async store(input: SaveSessionInput) {
    const raw = input.cookie ?? input.cookie_value;
    if (raw === undefined) throw badRequest('invalid_cookie', 'Send the whole Cookie header of a logged-in vinted tab as `cookie`');
    const problem = cookieProblem(raw);
    if (problem) throw badRequest('invalid_cookie', `The cookie is not usable (${problem.replace(/_/g, ' ')})`, { problem });
    const ua = input.user_agent ?? null;
    const uaProblem = ua === null ? null : userAgentProblem(ua);
    if (uaProblem) throw badRequest('invalid_user_agent', `The user agent is not usable (${uaProblem.replace(/_/g, ' ')})`, { problem: uaProblem });
    if (input.expires_at && Date.parse(input.expires_at) <= Date.now()) throw badRequest('session_already_expired', 'expires_at is in the past');
    const cookies = parseCookieHeader(raw)!;
    const secret = { cookie: cookieHeader(cookies), user_agent: ua };

    const answer = await fetchCurrentUser(this.d.config.VINTED_BASE_URL, secret.cookie, this.d.config.VINTED_NAV_TIMEOUT_MS);
    if (!answer.ok && 'signal' in answer && answer.signal.kind === 'session_expired') {
      const t = troubleOfSignal(answer.signal);
      throw new AppError(401, 'session_expired', 'Vinted does not accept this session (logged out or expired): log in on Vinted and copy the Cookie header again', { params: { action: t.action }, trouble: t });
    }
    const meta = { expires_at: input.expires_at ?? null };
    // A fresh session is the seller acting: it lifts a full stop. A challenge met right now sets it again.
    await this.d.guard.resume();
    if (answer.ok) {
      await this.d.vault.save(secret, { ...meta, username: answer.username, user_id: answer.user_id, verified: true });
      return { ok: true as const, persisted: true, username: answer.username, user_id: answer.user_id, verified: true };
    }
    await this.d.vault.save(secret, { ...meta, username: null, user_id: null, verified: false });
    const reason = 'signal' in answer ? answer.signal.reason : 'site_unreachable';
    if ('signal' in answer) await this.d.guard.onSignal(answer.signal.reason, answer.signal.retryAfterSeconds);
    // Saved, not confirmed: Vinted did not answer, or put a check in the way. That is not "Vinted refused it".
    const trouble = 'signal' in answer ? troubleOfSignal(answer.signal) : unreachable();
    return { ok: true as const, persisted: true, username: null, user_id: null, verified: false, reason, trouble };
  }

  async delete(): Promise<{ ok: true; deleted: boolean }> {
    return { ok: true, deleted: await this.d.vault.delete() };
  }

  /** Asks the site's current-user endpoint; a 401 or a redirect to /session-refresh means "not authenticated". */
  async check(): Promise<AuthCheck> {
    const s = await this.d.vault.load();
    if (!s) return { authenticated: false, state: 'no_session', username: null, user_id: null, reason: 'no_session' };
    if (s.info.state === 'expired') {
      const trouble = troubleOfSignal({ kind: 'session_expired' });
      return { authenticated: false, state: 'not_logged_in', username: s.info.username, user_id: s.info.user_id, reason: 'session_expired', trouble };
    }
    const g = await this.d.guard.status();
    if (g.backoff_seconds_left > 0) {
      const trouble = troubleOfSignal({ kind: 'rate_limited' });
      throw new AppError(429, 'site_backoff', `Vinted asked us to slow down: waiting until ${g.backoff_until}`, { params: { retry_after: g.backoff_seconds_left, until: g.backoff_until, action: trouble.action }, trouble }, { 'Retry-After': String(g.backoff_seconds_left) });
    }
    const answer = await fetchCurrentUser(this.d.config.VINTED_BASE_URL, s.secret.cookie, this.d.config.VINTED_NAV_TIMEOUT_MS);
    if (answer.ok) {
      await this.d.vault.markVerified(answer.username, answer.user_id);
      return { authenticated: true, state: 'logged_in', username: answer.username, user_id: answer.user_id };
    }
    if ('signal' in answer) {
      if (answer.signal.kind === 'session_expired') await this.d.vault.markExpired();
      else await this.d.guard.onSignal(answer.signal.reason, answer.signal.retryAfterSeconds);
      const trouble = troubleOfSignal(answer.signal);
      // Only "not logged in" is Vinted's word on the session; a check in the way or an odd answer says nothing about it.
      const known = trouble.kind === 'not_logged_in';
      return { authenticated: known ? false : null, state: known ? 'not_logged_in' : trouble.kind === 'blocked' ? 'blocked' : 'unreachable', username: s.info.username, user_id: s.info.user_id, reason: answer.signal.reason, trouble };
    }
    return { authenticated: null, state: 'unreachable', username: s.info.username, user_id: s.info.user_id, reason: 'site_unreachable', trouble: unreachable() };
  }
}
