import type { AccountCaller, AccountUser } from '../../platform/security/account-access.ts';

// The shapes the accounts service takes and answers: its options, the client a login comes from, and the views of
// users, sessions, API tokens and one-time links the routes send (never a secret but the one just created).

export interface AccountsOptions {
  enabled: boolean;
  sessionDays: number;
  rotateMinutes: number;
  lockoutFailures: number;
  lockoutIpFailures: number;
  lockoutMinutes: number;
  linkHours: number;
  /** GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET are set (google-signin.ts). */
  googleSignIn: boolean;
}

/** Who is logging in from where: the client address (throttle) and its User-Agent (the sessions list). */
export interface ClientInfo {
  ip: string;
  userAgent?: string;
}

/** A session just opened: the cookie's secret (given to the browser once) and the caller it stands for. */
export interface OpenedSession {
  token: string;
  caller: AccountCaller;
}

export interface UserView extends AccountUser {
  status: 'active' | 'suspended';
  created_at: string;
  last_seen_at: string | null;
}

export interface SessionView {
  id: string;
  current: boolean;
  client: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface TokenView {
  id: string;
  name: string;
  hint: string;
  created_at: string;
  last_used_at: string | null;
}

export interface LinkView {
  kind: 'invite' | 'reset';
  email: string;
  url: string;
  expires_at: string;
  /** With SMTP_URL set: whether the link also went to the address by e-mail. */
  emailed?: boolean;
}
