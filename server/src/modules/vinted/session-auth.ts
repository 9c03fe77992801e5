import { AppError, badRequest } from '../../platform/errors.ts';
import { cookieHeader, cookieProblem, parseCookieHeader, userAgentProblem } from './cookie-header.ts';
import { fetchCurrentUser } from './site-client.ts';
import type { VintedDeps } from './vinted-deps.ts';

// Saving and checking the seller's session. We never log in for the seller: they log in on Vinted in their own
// browser and paste the Cookie header; we only ask the site who that session belongs to.

export interface SaveSessionInput {
  cookie?: string;
  cookie_value?: string;
  user_agent?: string | null;
  expires_at?: string | null;
}

export interface AuthCheck {
  authenticated: boolean;
  username: string | null;
  user_id: string | null;
  reason?: string;
}

export class SessionAuth {
  constructor(private readonly d: VintedDeps) {}

  async save(input: SaveSessionInput) {
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
      throw new AppError(401, 'session_expired', 'Vinted does not accept this session (logged out or expired): log in on Vinted and copy the Cookie header again');
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
    return { ok: true as const, persisted: true, username: null, user_id: null, verified: false, reason };
  }

  async delete(): Promise<{ ok: true; deleted: boolean }> {
    return { ok: true, deleted: await this.d.vault.delete() };
  }

  /** Asks the site's current-user endpoint; a 401 or a redirect to /session-refresh means "not authenticated". */
  async check(): Promise<AuthCheck> {
    const s = await this.d.vault.load();
    if (!s) return { authenticated: false, username: null, user_id: null, reason: 'no_session' };
    if (s.info.state === 'expired') return { authenticated: false, username: s.info.username, user_id: s.info.user_id, reason: 'session_expired' };
    const g = await this.d.guard.status();
    if (g.backoff_seconds_left > 0) {
      throw new AppError(429, 'site_backoff', `Vinted asked us to slow down: waiting until ${g.backoff_until}`, undefined, { 'Retry-After': String(g.backoff_seconds_left) });
    }
    const answer = await fetchCurrentUser(this.d.config.VINTED_BASE_URL, s.secret.cookie, this.d.config.VINTED_NAV_TIMEOUT_MS);
    if (answer.ok) {
      await this.d.vault.markVerified(answer.username, answer.user_id);
      return { authenticated: true, username: answer.username, user_id: answer.user_id };
    }
    if ('signal' in answer) {
      if (answer.signal.kind === 'session_expired') await this.d.vault.markExpired();
      else await this.d.guard.onSignal(answer.signal.reason, answer.signal.retryAfterSeconds);
      return { authenticated: false, username: s.info.username, user_id: s.info.user_id, reason: answer.signal.reason };
    }
    return { authenticated: false, username: s.info.username, user_id: s.info.user_id, reason: 'site_unreachable' };
  }
}
