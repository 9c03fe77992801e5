import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { AppError } from '../../platform/errors.ts';
import type { AccountCaller, AccountRole, AccountState, AccountUser } from '../../platform/security/account-access.ts';
import { LOCAL_OWNER_ID } from '../../platform/security/owner-scope.ts';
import type { AccountsRepository } from './accounts.repository.ts';
import type { AuthLinksTable, AuthSessionsTable, UsersTable } from './accounts.tables.ts';
import { burnVerification, hashPassword, verifyPassword } from './passwords.ts';
import type { AccountsOptions, ClientInfo, LinkView, OpenedSession, SessionView, TokenView, UserView } from './accounts.types.ts';
import type { LinkMail, MailLang } from './link-mail.ts';
import { API_TOKEN_PREFIX, API_TOKEN_SHAPE, type CsrfTokens, hashSecret, newSecret, SECRET_SHAPE } from './secrets.ts';

// The people of an accounts-mode server: the first admin's set-up, logins with lock-out, registration when the
// admin opens it, invitations and password resets by one-time links, sessions (rotated, listed, ended one by one
// or everywhere), per-user API tokens, and the admin's management of users. Every secret is random and stored as a
// hash; a suspended user's sessions and tokens stop working at once (each request reads the user).

const PREVIOUS_GRACE_MS = 30_000;
const TOUCH_EVERY_MS = 5 * 60_000;
const PURGE_EVERY_MS = 3_600_000;
const REGISTRATION_OPEN = 'registration_open';
// At most one reset e-mail per account in this window, whoever asks: a loop of requests cannot fill an inbox.
const RESET_MAIL_EVERY_MS = 5 * 60_000;
// A person without a password of their own (made through Google) proves who they are by a sign-in this recent
// instead: a session left open on a shared computer cannot give the account a password.
export const RECENT_SIGN_IN_MS = 10 * 60_000;

export const normalizeEmail = (email: string) => email.trim().toLowerCase();
const iso = (ms: number) => new Date(ms).toISOString();
const asRole = (r: string): AccountRole => (r === 'admin' ? 'admin' : 'user');
const toUser = (u: UsersTable): AccountUser => ({ id: u.id, email: u.email, name: u.name, role: asRole(u.role) });

const invalidLink = () => new AppError(404, 'link_invalid', 'This link is unknown, already used or expired: ask the admin for a new one');
export const userNotFound = (id: string) => new AppError(404, 'user_not_found', `No user with id ${id}`, { id });

export class AccountsService {
  private lastPurge = 0;

  constructor(
    private readonly repo: AccountsRepository,
    private readonly csrf: CsrfTokens,
    readonly opts: AccountsOptions,
    private readonly log: Logger,
    private readonly mail: LinkMail,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async state(): Promise<AccountState> {
    const [users, open] = await Promise.all([this.repo.countUsers(), this.repo.setting(REGISTRATION_OPEN)]);
    return { setupRequired: users === 0, registrationOpen: open === 'true', resetByEmail: this.mail.enabled, googleSignIn: this.opts.googleSignIn };
  }

  // ── the ways in ──

  /** The first admin, once: the id is the single-seller owner's, so an existing install's data is theirs. */
  async setup(input: { email: string; password: string; name?: string }, client: ClientInfo): Promise<OpenedSession> {
    const at = iso(this.now());
    const row = { id: LOCAL_OWNER_ID, ...(await this.newUserFields(input, 'admin', at)) };
    if (!(await this.repo.insertFirstUser(row))) throw new AppError(409, 'setup_done', 'The admin account already exists: log in, or ask the admin for an invitation');
    this.log.info({ event: 'account_setup', user_id: row.id }, 'first admin account created');
    return this.openSession(row, client);
  }

  async login(input: { email: string; password: string }, client: ClientInfo): Promise<OpenedSession> {
    const email = normalizeEmail(input.email);
    const now = this.now();
    const keys = [`account:${email}`, `ip:${client.ip}`];
    const locked = await this.repo.lockedUntil(keys, iso(now));
    if (locked) throw this.lockedError(locked, now);
    const user = await this.repo.userByEmail(email);
    const ok = user ? await verifyPassword(user.password_hash, input.password) : (await burnVerification(input.password), false);
    if (!user || !ok) {
      const lockMs = this.opts.lockoutMinutes * 60_000;
      const [perAccount, perIp] = [
        await this.repo.countFailure(keys[0], iso(now), iso(now - lockMs), this.opts.lockoutFailures, iso(now + lockMs)),
        await this.repo.countFailure(keys[1], iso(now), iso(now - lockMs), this.opts.lockoutIpFailures, iso(now + lockMs)),
      ];
      const locks = perAccount >= this.opts.lockoutFailures || perIp >= this.opts.lockoutIpFailures;
      this.log.warn({ event: 'login_failed', locked: locks }, 'login failed');
      if (locks) throw this.lockedError(iso(now + lockMs), now);
      throw new AppError(401, 'invalid_credentials', 'Wrong email or password');
    }
    if (user.suspended_at) throw new AppError(403, 'account_suspended', 'This account is suspended: ask the admin');
    await this.repo.clearThrottle(keys[0]);
    this.log.info({ event: 'login', user_id: user.id }, 'logged in');
    return this.openSession(user, client);
  }

  async register(input: { email: string; password: string; name?: string }, client: ClientInfo): Promise<OpenedSession> {
    const state = await this.state();
    if (state.setupRequired) throw new AppError(409, 'setup_required', 'No admin account exists yet: the first person to open the app creates it');
    if (!state.registrationOpen) throw new AppError(403, 'registration_closed', 'Registration is closed: ask the admin for an invitation');
    const row = { id: randomUUID(), ...(await this.newUserFields(input, 'user', iso(this.now()))) };
    if (!(await this.repo.insertUser(row))) throw emailTaken();
    this.log.info({ event: 'account_registered', user_id: row.id }, 'account registered');
    return this.openSession(row, client);
  }

  /** What an invitation or reset link is for (the page shows the email before the person picks a password). */
  /**
   * "Forgot my password" (SMTP_URL set): e-mails a reset link when the address has an active account. The answer is
   * the same whether it has one or not, and the look-up and the sending run beside it, so neither its content nor
   * its timing tells who has an account.
   */
  requestReset(email: string, origin: string, lang: MailLang): void {
    if (!this.mail.enabled) throw new AppError(409, 'mail_not_configured', 'This server sends no e-mail: ask the admin for a reset link');
    this.mail.later(async () => {
      const user = await this.repo.userByEmail(normalizeEmail(email));
      if (!user || user.suspended_at) return;
      const last = await this.repo.lastResetLinkAt(user.id);
      if (last && this.now() - Date.parse(last) < RESET_MAIL_EVERY_MS) return;
      const link = await this.newLink({ kind: 'reset', email: user.email, role: null, user_id: user.id, created_by: user.id }, origin);
      await this.mail.send(link, lang);
    });
  }

  async inspectLink(token: string): Promise<{ kind: 'invite' | 'reset'; email: string; expires_at: string }> {
    const { link, email } = await this.openLink(token);
    return { kind: link.kind === 'reset' ? 'reset' : 'invite', email, expires_at: link.expires_at };
  }

  async acceptInvitation(input: { token: string; password: string; name?: string }, client: ClientInfo): Promise<OpenedSession> {
    const { link, email } = await this.openLink(input.token);
    if (link.kind !== 'invite') throw invalidLink();
    const at = iso(this.now());
    const row = { id: randomUUID(), ...(await this.newUserFields({ email, password: input.password, name: input.name }, asRole(link.role ?? 'user'), at)) };
    // The email is unique: of two uses of one link, one creates the account.
    if (!(await this.repo.insertUser(row))) throw emailTaken();
    await this.repo.consumeLink(link.id, at);
    this.log.info({ event: 'invitation_accepted', user_id: row.id }, 'invitation accepted');
    return this.openSession(row, client);
  }

  async resetPassword(input: { token: string; password: string }, client: ClientInfo): Promise<OpenedSession> {
    const { link } = await this.openLink(input.token);
    if (link.kind !== 'reset' || !link.user_id) throw invalidLink();
    const user = await this.repo.userById(link.user_id);
    if (!user) throw invalidLink();
    if (user.suspended_at) throw new AppError(403, 'account_suspended', 'This account is suspended: ask the admin');
    const hash = await hashPassword(input.password);
    const at = iso(this.now());
    if (!(await this.repo.consumeLink(link.id, at))) throw invalidLink();
    await this.repo.updateUser(user.id, { password_hash: hash, password_set: 1, updated_at: at });
    // A new password ends every session: whoever knew the old one is out.
    await this.repo.deleteSessionsOf(user.id);
    await this.repo.clearThrottle(`account:${user.email}`);
    this.log.info({ event: 'password_reset', user_id: user.id }, 'password reset by link');
    return this.openSession(user, client);
  }

  // ── sessions ──

  /**
   * The caller a session cookie stands for, or null. A session older than the rotation period gets a new secret
   * (`rotated`, for the response's cookie); the previous one keeps working a few seconds for requests in flight.
   */
  async sessionCaller(token: string): Promise<{ caller: AccountCaller; rotated?: string } | null> {
    if (!SECRET_SHAPE.test(token)) return null;
    const hash = hashSecret(token);
    const now = this.now();
    const found = await this.repo.sessionByHash(hash, iso(now));
    if (!found || found.user.suspended_at) return null;
    const { session, user } = found;
    if (session.token_hash === hash && Date.parse(session.rotated_at) <= now - this.opts.rotateMinutes * 60_000) {
      const next = newSecret();
      const expires = iso(now + this.opts.sessionDays * 86_400_000);
      const rotated = await this.repo.rotateSession(session.id, hash, {
        token_hash: hashSecret(next), previous_hash: hash, previous_until: iso(now + PREVIOUS_GRACE_MS), rotated_at: iso(now), last_seen_at: iso(now), expires_at: expires,
      });
      if (rotated) {
        await this.repo.touchSession(session.id, user.id, iso(now));
        return { caller: this.sessionCallerOf(user, session.id, expires), rotated: next };
      }
    } else if (Date.parse(session.last_seen_at) <= now - TOUCH_EVERY_MS) {
      await this.repo.touchSession(session.id, user.id, iso(now));
    }
    return { caller: this.sessionCallerOf(user, session.id, session.expires_at) };
  }

  /** The caller an API token stands for, or null (unknown, revoked, or its user suspended). */
  async tokenCaller(token: string): Promise<AccountCaller | null> {
    if (!API_TOKEN_SHAPE.test(token)) return null;
    const found = await this.repo.tokenByHash(hashSecret(token));
    if (!found || found.user.suspended_at) return null;
    const now = this.now();
    if (!found.token.last_used_at || Date.parse(found.token.last_used_at) <= now - 60_000) await this.repo.touchToken(found.token.id, found.user.id, iso(now));
    return { user: toUser(found.user), via: 'token' };
  }

  csrfMatches(caller: AccountCaller, candidate: string | undefined): boolean {
    return !!caller.session && this.csrf.matches(caller.session.id, candidate);
  }

  async logout(sessionId: string, userId: string): Promise<void> {
    await this.repo.deleteSession(sessionId, userId);
  }

  /** Ends every session of the user, this one included. */
  async logoutEverywhere(userId: string): Promise<number> {
    const n = await this.repo.deleteSessionsOf(userId);
    this.log.info({ event: 'logout_everywhere', user_id: userId, sessions: n }, 'logged out everywhere');
    return n;
  }

  async sessions(userId: string, currentId: string | undefined): Promise<SessionView[]> {
    const rows = await this.repo.sessionsOf(userId, iso(this.now()));
    return rows.map((s) => ({ id: s.id, current: s.id === currentId, client: s.client, created_at: s.created_at, last_seen_at: s.last_seen_at, expires_at: s.expires_at }));
  }

  async endSession(userId: string, id: string): Promise<void> {
    if (!(await this.repo.deleteSession(id, userId))) throw new AppError(404, 'session_not_found', `No session ${id} of yours`, { id });
  }

  /**
   * Whether the person has a password of their own, and until when this session's sign-in counts as recent (what
   * a person without one needs to set one).
   */
  async passwordState(userId: string, sessionId: string | undefined): Promise<{ password_set: boolean; recent_sign_in_until: string | null }> {
    const user = await this.repo.userById(userId);
    if (!user) throw new AppError(401, 'unauthorized', 'Not logged in');
    const signedIn = sessionId ? await this.repo.sessionSignedInAt(sessionId, userId) : undefined;
    return { password_set: user.password_set === 1, recent_sign_in_until: signedIn ? iso(Date.parse(signedIn) + RECENT_SIGN_IN_MS) : null };
  }

  /**
   * Changes the password (the current one checked) or, for a person who never chose one (made through Google), sets
   * the first one, which asks for a sign-in within RECENT_SIGN_IN_MS instead. Ends the user's other sessions.
   */
  async changePassword(userId: string, current: string | undefined, next: string, keepSession: string | undefined): Promise<void> {
    const user = await this.repo.userById(userId);
    if (!user) throw new AppError(401, 'unauthorized', 'Not logged in');
    if (user.password_set !== 1) return this.setFirstPassword(user, next, keepSession);
    if (!current) throw new AppError(400, 'current_password_required', 'Give the current password to change it');
    if (!(await verifyPassword(user.password_hash, current))) {
      const now = this.now();
      const lockMs = this.opts.lockoutMinutes * 60_000;
      await this.repo.countFailure(`account:${user.email}`, iso(now), iso(now - lockMs), this.opts.lockoutFailures, iso(now + lockMs));
      throw new AppError(403, 'wrong_password', 'The current password is not right');
    }
    await this.repo.updateUser(userId, { password_hash: await hashPassword(next), updated_at: iso(this.now()) });
    await this.repo.deleteSessionsOf(userId, keepSession);
    this.log.info({ event: 'password_changed', user_id: userId }, 'password changed');
  }

  private async setFirstPassword(user: UsersTable, next: string, session: string | undefined): Promise<void> {
    const signedIn = session ? await this.repo.sessionSignedInAt(session, user.id) : undefined;
    if (!signedIn || Date.parse(signedIn) < this.now() - RECENT_SIGN_IN_MS) {
      throw new AppError(403, 'recent_sign_in_required', `Sign in again (with Google) to choose a password: it needs a sign-in from the last ${RECENT_SIGN_IN_MS / 60_000} minutes`);
    }
    // Once: of two racing requests one sets it, the other must then give it as the current password.
    if (!(await this.repo.setFirstPassword(user.id, await hashPassword(next), iso(this.now())))) {
      throw new AppError(409, 'password_already_set', 'This account has a password now: give it as the current password to change it');
    }
    await this.repo.deleteSessionsOf(user.id, session);
    this.log.info({ event: 'password_set', user_id: user.id }, 'first password chosen');
  }

  // ── API tokens ──

  async createToken(userId: string, name: string): Promise<TokenView & { token: string }> {
    const token = `${API_TOKEN_PREFIX}${newSecret()}`;
    const row = { id: randomUUID(), user_id: userId, name: name.trim(), token_hash: hashSecret(token), hint: token.slice(-4), created_at: iso(this.now()), last_used_at: null, revoked_at: null };
    await this.repo.insertToken(row);
    this.log.info({ event: 'api_token_created', user_id: userId, token_id: row.id }, 'API token created');
    return { id: row.id, name: row.name, hint: row.hint, created_at: row.created_at, last_used_at: null, token };
  }

  async tokens(userId: string): Promise<TokenView[]> {
    return (await this.repo.tokensOf(userId)).map((t) => ({ id: t.id, name: t.name, hint: t.hint, created_at: t.created_at, last_used_at: t.last_used_at }));
  }

  async revokeToken(userId: string, id: string): Promise<void> {
    if (!(await this.repo.revokeToken(id, userId, iso(this.now())))) throw new AppError(404, 'token_not_found', `No API token ${id} of yours`, { id });
    this.log.info({ event: 'api_token_revoked', user_id: userId, token_id: id }, 'API token revoked');
  }

  // ── the admin's ──

  async users(): Promise<UserView[]> {
    return (await this.repo.users()).map((u) => ({ ...toUser(u), status: u.suspended_at ? 'suspended' : 'active', created_at: u.created_at, last_seen_at: u.last_seen_at }));
  }

  async user(id: string): Promise<UserView> {
    const u = await this.repo.userById(id);
    if (!u) throw userNotFound(id);
    return { ...toUser(u), status: u.suspended_at ? 'suspended' : 'active', created_at: u.created_at, last_seen_at: u.last_seen_at };
  }

  async invite(adminId: string, email: string, role: AccountRole, origin: string, mail?: MailLang): Promise<LinkView> {
    const e = normalizeEmail(email);
    if (await this.repo.userByEmail(e)) throw emailTaken();
    const link = await this.newLink({ kind: 'invite', email: e, role, user_id: null, created_by: adminId }, origin);
    return this.emailed(link, mail, adminId);
  }

  async invitations(): Promise<{ id: string; email: string; role: AccountRole; created_at: string; expires_at: string }[]> {
    return (await this.repo.openInvitations(iso(this.now()))).map((l) => ({ id: l.id, email: l.email ?? '', role: asRole(l.role ?? 'user'), created_at: l.created_at, expires_at: l.expires_at }));
  }

  async cancelInvitation(id: string): Promise<void> {
    if (!(await this.repo.closeLink(id, 'invite', iso(this.now())))) throw new AppError(404, 'invitation_not_found', `No open invitation ${id}`, { id });
  }

  /** A one-time link to set a new password, for the admin to hand over; it replaces the user's earlier ones. */
  async resetLink(adminId: string, userId: string, origin: string, mail?: MailLang): Promise<LinkView> {
    const user = await this.repo.userById(userId);
    if (!user) throw userNotFound(userId);
    const link = await this.newLink({ kind: 'reset', email: user.email, role: null, user_id: user.id, created_by: adminId }, origin);
    return this.emailed(link, mail, adminId);
  }

  /**
   * When the admin asked (a language given), e-mails the link too: `emailed` says whether the SMTP server took it
   * (false without SMTP_URL). The admin gets the link to hand over either way.
   */
  private async emailed(link: LinkView, lang: MailLang | undefined, adminId: string): Promise<LinkView> {
    if (!lang) return link;
    if (!this.mail.enabled) return { ...link, emailed: false };
    const admin = await this.repo.userById(adminId);
    return { ...link, emailed: await this.mail.send(link, lang, admin?.name || admin?.email) };
  }

  async settings(): Promise<{ registration_open: boolean }> {
    return { registration_open: (await this.repo.setting(REGISTRATION_OPEN)) === 'true' };
  }

  async updateSettings(adminId: string, patch: { registration_open?: boolean }): Promise<{ registration_open: boolean }> {
    if (patch.registration_open !== undefined) {
      await this.repo.setSetting(REGISTRATION_OPEN, String(patch.registration_open), iso(this.now()));
      this.log.info({ event: 'registration', open: patch.registration_open, by: adminId }, 'registration switched');
    }
    return this.settings();
  }

  // ── inner workings ──

  private async newUserFields(input: { email: string; password: string; name?: string }, role: AccountRole, at: string) {
    const email = normalizeEmail(input.email);
    const name = input.name?.trim() || email.split('@')[0];
    return { email, name, password_hash: await hashPassword(input.password), password_set: 1, role, suspended_at: null, created_at: at, updated_at: at, last_seen_at: at };
  }

  private sessionCallerOf(user: UsersTable, sessionId: string, expiresAt: string): AccountCaller {
    return { user: toUser(user), via: 'session', session: { id: sessionId, csrf: this.csrf.of(sessionId), expiresAt } };
  }

  /** A new session for a user another way in has just verified (the password ways above, Google's ID token). */
  async openSession(user: UsersTable, client: ClientInfo): Promise<OpenedSession> {
    const now = this.now();
    await this.purgeNowAndThen(now);
    const token = newSecret();
    const row: AuthSessionsTable = {
      id: randomUUID(), user_id: user.id, token_hash: hashSecret(token), previous_hash: null, previous_until: null,
      created_at: iso(now), rotated_at: iso(now), last_seen_at: iso(now), expires_at: iso(now + this.opts.sessionDays * 86_400_000),
      client: client.userAgent ? client.userAgent.slice(0, 200) : null,
    };
    await this.repo.insertSession(row);
    await this.repo.updateUser(user.id, { last_seen_at: iso(now) });
    return { token, caller: this.sessionCallerOf(user, row.id, row.expires_at) };
  }

  private async purgeNowAndThen(now: number) {
    if (now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    await this.repo.deleteExpired(iso(now));
  }

  private async openLink(token: string): Promise<{ link: AuthLinksTable; email: string }> {
    if (!SECRET_SHAPE.test(token)) throw invalidLink();
    const link = await this.repo.openLinkByHash(hashSecret(token), iso(this.now()));
    if (!link) throw invalidLink();
    if (link.kind === 'reset') {
      const user = link.user_id ? await this.repo.userById(link.user_id) : undefined;
      if (!user) throw invalidLink();
      return { link, email: user.email };
    }
    return { link, email: link.email ?? '' };
  }

  private async newLink(fields: Pick<AuthLinksTable, 'kind' | 'email' | 'role' | 'user_id' | 'created_by'>, origin: string): Promise<LinkView> {
    const token = newSecret();
    const now = this.now();
    const row: AuthLinksTable = { id: randomUUID(), token_hash: hashSecret(token), created_at: iso(now), expires_at: iso(now + this.opts.linkHours * 3_600_000), used_at: null, ...fields };
    await this.repo.insertLink(row, fields.kind === 'reset' ? fields.user_id ?? undefined : undefined);
    this.log.info({ event: fields.kind === 'reset' ? 'reset_link_created' : 'invitation_created', link_id: row.id, by: fields.created_by }, 'one-time link created');
    // The secret travels in the fragment: browsers never send it to the server, so no access log can hold it.
    const page = fields.kind === 'reset' ? '/mot-de-passe' : '/invitation';
    return { kind: fields.kind === 'reset' ? 'reset' : 'invite', email: fields.email ?? '', url: `${origin}${page}#${token}`, expires_at: row.expires_at };
  }

  private lockedError(until: string, now: number) {
    const s = Math.max(1, Math.ceil((Date.parse(until) - now) / 1000));
    return new AppError(429, 'login_locked', `Too many failed logins: try again in ${s} s`, { retry_after_s: s }, { 'retry-after': String(s) });
  }
}

const emailTaken = () => new AppError(409, 'email_taken', 'An account with this email already exists');
