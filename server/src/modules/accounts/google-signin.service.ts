import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { AppError } from '../../platform/errors.ts';
import type { AccountsRepository } from './accounts.repository.ts';
import { type AccountsService, normalizeEmail } from './accounts.service.ts';
import type { UsersTable } from './accounts.tables.ts';
import type { ClientInfo, OpenedSession } from './accounts.types.ts';
import type { ExternalIdentitiesRepository } from './external-identities.repository.ts';
import { type GoogleOidc, googleError, type VerifiedIdentity } from './google-oidc.ts';
import { hashPassword } from './passwords.ts';
import { newSecret } from './secrets.ts';

// Who a verified Google identity lets in. An identity already linked opens its account; otherwise a verified
// address that is an existing account's links it (and opens it); an unknown address creates an account only where
// a password sign-up could (an open invitation for that address, or open registration). The first admin is never
// made through Google: they choose a password at set-up, so the server's owner never depends on a third party.
// Suspended accounts and unverified addresses are refused. Failed returns count against the client address like
// wrong passwords, and a locked address is refused before anything is asked of Google.

const PROVIDER = 'google';
const iso = (ms: number) => new Date(ms).toISOString();

export class GoogleSignIn {
  constructor(
    private readonly oidcClient: GoogleOidc,
    private readonly accounts: AccountsService,
    private readonly repo: AccountsRepository,
    private readonly identities: ExternalIdentitiesRepository,
    private readonly log: Logger,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The way out: refused while the client address is locked out, so Google is not asked for nothing. */
  async start(redirectUri: string, client: ClientInfo): Promise<{ url: string; sealed: string }> {
    await this.refuseIfLocked(client);
    return this.oidcClient.start(redirectUri);
  }

  /** The way back: the session of the account this Google identity signs in to, or an AppError with a stable code. */
  async finish(query: Record<string, string | undefined>, sealed: string | undefined, client: ClientInfo): Promise<OpenedSession> {
    await this.refuseIfLocked(client);
    try {
      const who = await this.oidcClient.finish(query, sealed);
      return await this.admit(who, client);
    } catch (e) {
      // Forged or replayed returns, bad tokens and refused identities count like wrong passwords; a provider that
      // is down or a cancellation at Google do not.
      if (e instanceof AppError && !['google_unavailable', 'google_cancelled'].includes(e.code)) await this.countFailure(client);
      throw e;
    }
  }

  /** The Google identity linked to this account, if any (account settings): its address then, and since when. */
  async linkOf(userId: string): Promise<{ linked: boolean; email: string | null; linked_at: string | null }> {
    const row = await this.identities.identityOf(PROVIDER, userId);
    return { linked: !!row, email: row?.email ?? null, linked_at: row?.created_at ?? null };
  }

  private async admit(who: VerifiedIdentity, client: ClientInfo): Promise<OpenedSession> {
    if (!who.emailVerified || !who.email) throw googleError('google_email_unverified', 'Google has not verified this account\'s email address: verify it at Google, or log in with your password', 403);
    const email = normalizeEmail(who.email);
    const at = iso(this.now());
    const state = await this.accounts.state();
    if (state.setupRequired) throw new AppError(409, 'setup_required', 'No admin account exists yet: the first person to open the app creates it with a password');

    const linked = await this.identities.userBySubject(PROVIDER, who.subject);
    if (linked) return this.signIn(linked, who, client, at, 'google_login');

    const existing = await this.repo.userByEmail(email);
    if (existing) {
      if (existing.suspended_at) throw suspended();
      const row = { provider: PROVIDER, subject: who.subject, user_id: existing.id, email, created_at: at, last_used_at: at };
      if (!(await this.identities.link(row))) throw otherGoogleAccount();
      this.log.info({ event: 'google_linked', user_id: existing.id }, 'Google account linked on its first sign-in');
      return this.signIn(existing, who, client, at, 'google_login');
    }

    const invitation = await this.identities.openInvitationFor(email, at);
    if (!invitation && !state.registrationOpen) {
      throw googleError('google_no_account', 'No account uses this Google address, and registration is closed: ask the admin for an invitation', 403);
    }
    // No password is chosen here: the account gets a random one nobody knows and `password_set` 0, so the account
    // page offers to choose one (once, right after a sign-in) rather than asking for a current password.
    const user: UsersTable = {
      id: randomUUID(), email, name: who.name?.trim() || email.split('@')[0], password_hash: await hashPassword(newSecret()), password_set: 0,
      role: invitation?.role === 'admin' ? 'admin' : 'user', suspended_at: null, created_at: at, updated_at: at, last_seen_at: at,
    };
    const identity = { provider: PROVIDER, subject: who.subject, user_id: user.id, email, created_at: at, last_used_at: at };
    const made = await this.identities.createLinkedUser(user, identity, invitation?.id ?? null);
    if (made === 'email_taken') throw new AppError(409, 'email_taken', 'An account with this email already exists');
    if (made === 'identity_taken') throw otherGoogleAccount();
    if (made === 'invitation_used') throw new AppError(404, 'link_invalid', 'This invitation was used or cancelled meanwhile: ask the admin for a new one');
    this.log.info({ event: invitation ? 'invitation_accepted' : 'account_registered', via: PROVIDER, user_id: user.id }, 'account created through Google');
    return this.accounts.openSession(user, client);
  }

  private async signIn(user: UsersTable, who: VerifiedIdentity, client: ClientInfo, at: string, event: string): Promise<OpenedSession> {
    if (user.suspended_at) throw suspended();
    await this.identities.touch(PROVIDER, who.subject, at);
    this.log.info({ event, via: PROVIDER, user_id: user.id }, 'logged in with Google');
    return this.accounts.openSession(user, client);
  }

  private async refuseIfLocked(client: ClientInfo): Promise<void> {
    const now = this.now();
    const locked = await this.repo.lockedUntil([`ip:${client.ip}`], iso(now));
    if (locked) {
      const s = Math.max(1, Math.ceil((Date.parse(locked) - now) / 1000));
      throw new AppError(429, 'login_locked', `Too many failed logins: try again in ${s} s`, { retry_after_s: s }, { 'retry-after': String(s) });
    }
  }

  private async countFailure(client: ClientInfo): Promise<void> {
    const now = this.now();
    const o = this.accounts.opts;
    const lockMs = o.lockoutMinutes * 60_000;
    await this.repo.countFailure(`ip:${client.ip}`, iso(now), iso(now - lockMs), o.lockoutIpFailures, iso(now + lockMs));
  }
}

const suspended = () => new AppError(403, 'account_suspended', 'This account is suspended: ask the admin');
const otherGoogleAccount = () => googleError('google_account_mismatch', 'This account is already linked to another Google account: sign in with that one, or with your password', 409);
