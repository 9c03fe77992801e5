import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccountAccess, AccountCaller, AccountState } from '../../platform/security/account-access.ts';
import { parseCookies, SESSION_COOKIE, sessionCookies } from '../../platform/security/web-session.ts';
import type { AccountsService } from './accounts.service.ts';

// The perimeter's view of the accounts (platform/security/account-auth.ts asks it who is calling). A bearer token
// is one of a user's API tokens; without Authorization, the session cookie. A rotated session's new cookie is set
// on the response.
export class AccountGate implements AccountAccess {
  constructor(private readonly accounts: AccountsService, private readonly secureCookies: boolean) {}

  secure(req: FastifyRequest): boolean {
    return this.secureCookies || req.protocol === 'https';
  }

  /** The Set-Cookie values of a session (or clearing them, with null). */
  cookies(req: FastifyRequest, token: string | null, csrf: string | null): string[] {
    return sessionCookies(token ? { cookie: token } : null, csrf, this.secure(req), this.accounts.opts.sessionDays * 86_400);
  }

  async identify(req: FastifyRequest, reply: FastifyReply): Promise<AccountCaller | null> {
    const auth = req.headers.authorization;
    if (auth !== undefined) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
      return m ? this.accounts.tokenCaller(m[1]) : null;
    }
    const cookie = parseCookies(req.headers.cookie)[SESSION_COOKIE];
    if (!cookie) return null;
    const found = await this.accounts.sessionCaller(cookie);
    if (!found) return null;
    if (found.rotated) reply.header('set-cookie', this.cookies(req, found.rotated, found.caller.session!.csrf));
    return found.caller;
  }

  csrfMatches(caller: AccountCaller, candidate: string | undefined): boolean {
    return this.accounts.csrfMatches(caller, candidate);
  }

  state(): Promise<AccountState> {
    return this.accounts.state();
  }

  async logout(caller: AccountCaller): Promise<void> {
    if (caller.session) await this.accounts.logout(caller.session.id, caller.user.id);
  }
}
