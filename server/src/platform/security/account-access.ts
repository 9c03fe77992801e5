import type { FastifyReply, FastifyRequest } from 'fastify';

// The people of an accounts-mode server (AUTH_MODE=accounts) as the perimeter sees them. The accounts module
// (modules/accounts) implements AccountAccess; the perimeter (account-auth.ts) asks it who is calling and the
// routes read the answer with `accountCaller`. The platform knows nothing else of the module.

export type AccountRole = 'admin' | 'user';

export interface AccountUser {
  id: string;
  email: string;
  name: string;
  role: AccountRole;
}

/** A verified caller: an active (not suspended) user, by their web-app session cookie or one of their API tokens. */
export interface AccountCaller {
  user: AccountUser;
  via: 'session' | 'token';
  /** With a session: its id (not its secret), its CSRF token and its expiry. */
  session?: { id: string; csrf: string; expiresAt: string };
}

export interface AccountState {
  /** No user yet: the first person to open the app creates the admin account (POST /auth/setup). */
  setupRequired: boolean;
  /** The admin lets anyone register (POST /auth/register). */
  registrationOpen: boolean;
  /** SMTP_URL is set: "forgot my password" e-mails a reset link (POST /auth/password-reset/request). */
  resetByEmail: boolean;
  /** GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET are set: the login page offers "Sign in with Google" (GET /auth/google). */
  googleSignIn: boolean;
}

export interface AccountAccess {
  /**
   * The caller of a request, from `Authorization: Bearer <token>` or the session cookie; null when neither is
   * there, valid, or belongs to an active user. May rotate the session (a new cookie set on `reply`).
   */
  identify(req: FastifyRequest, reply: FastifyReply): Promise<AccountCaller | null>;
  /** True when `candidate` is the CSRF token of the caller's session (constant time). */
  csrfMatches(caller: AccountCaller, candidate: string | undefined): boolean;
  state(): Promise<AccountState>;
  /** Ends the caller's session (DELETE /auth/session). */
  logout(caller: AccountCaller): Promise<void>;
}
