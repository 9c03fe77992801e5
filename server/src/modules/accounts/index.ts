// Accounts (issue 20, AUTH_MODE=accounts): users with email and argon2id passwords, the first admin's set-up,
// invitations, registration when opened, password resets by one-time links, server-side sessions (hashed, rotated,
// listed, ended everywhere), login lock-outs, per-user API tokens, and the admin's users, switches and figures.
// Optional "Sign in with Google" (OpenID Connect) when GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET are set.
// Owns the tables `users`, `auth_sessions`, `user_api_tokens`, `auth_links`, `auth_throttle`, `auth_settings`,
// `external_identities`.
// Provides `accounts` (its service and the perimeter's AccountAccess). In single-seller mode its routes answer as
// unknown addresses and nothing else changes.
//
// Public surface: everything another module or the app may use is exported here, nothing else is imported from
// this folder from outside it.
import type { FastifyInstance } from 'fastify';
import { defineModule } from '../../platform/modules/module.ts';
import type { Platform } from '../../platform/platform.ts';
import type { AccountAccess } from '../../platform/security/account-access.ts';
import { secretBoxFor } from '../../platform/security/secret-box.ts';
import { AccountGate } from './account-gate.ts';
import { AccountsRepository } from './accounts.repository.ts';
import { accountsRoutes } from './accounts.routes.ts';
import { AccountsAdmin } from './accounts-admin.service.ts';
import { AccountsService } from './accounts.service.ts';
import { accountsDb } from './accounts.tables.ts';
import { CsrfTokens } from './secrets.ts';
import { createMailer } from '../../platform/mail/mailer.ts';
import { LinkMail } from './link-mail.ts';
import { ExternalIdentitiesRepository } from './external-identities.repository.ts';
import { GoogleOidc } from './google-oidc.ts';
import { googleSignInRoutes } from './google-signin.routes.ts';
import { GoogleSignIn } from './google-signin.service.ts';

export type { AccountsService } from './accounts.service.ts';
export type { AccountsAdmin } from './accounts-admin.service.ts';

export interface AccountsServices {
  service: AccountsService;
  /** The admin's actions on other accounts (suspend, role, delete, figures). */
  admins: AccountsAdmin;
  /** For the perimeter (app.ts), in accounts mode. */
  access: AccountAccess;
  enabled: boolean;
}

export const accountsModule = defineModule({
  name: 'accounts',
  needs: [],
  provides: ['accounts'],
  create(platform: Platform, _deps: Record<never, never>) {
    const { config } = platform;
    const enabled = config.AUTH_MODE === 'accounts';
    const box = secretBoxFor({ SECRET_KEY: config.SECRET_KEY, dataDir: config.dataDir });
    const csrf = new CsrfTokens(box.subkey('accounts/csrf'));
    // The config refuses one key without the other, and either outside accounts mode.
    const googleKeys = enabled && config.GOOGLE_CLIENT_ID && config.GOOGLE_CLIENT_SECRET ? { clientId: config.GOOGLE_CLIENT_ID, clientSecret: config.GOOGLE_CLIENT_SECRET } : undefined;
    const repo = new AccountsRepository(accountsDb(platform.db));
    const mail = new LinkMail(createMailer(enabled ? config : {}, platform.log.child({ component: 'mail' })), platform.log.child({ component: 'accounts' }));
    // Nightly sweeps (price drops, the price model, purges…) run once per owner: every active user is one, with or
    // without items yet (the listings module adds the owners that have items).
    if (enabled) platform.scheduler.addOwnerSource(() => repo.activeUserIds());
    const service = new AccountsService(repo, csrf, {
      enabled,
      sessionDays: config.AUTH_SESSION_DAYS,
      rotateMinutes: config.AUTH_SESSION_ROTATE_MINUTES,
      lockoutFailures: config.AUTH_LOCKOUT_FAILURES,
      lockoutIpFailures: config.AUTH_LOCKOUT_IP_FAILURES,
      lockoutMinutes: config.AUTH_LOCKOUT_MINUTES,
      linkHours: config.AUTH_LINK_HOURS,
      googleSignIn: !!googleKeys,
    }, platform.log.child({ component: 'accounts' }), mail);
    const admins = new AccountsAdmin(repo, platform.log.child({ component: 'accounts' }), (id) => service.user(id), platform.ownerData);
    const google = googleKeys
      ? new GoogleSignIn(new GoogleOidc({ issuer: config.GOOGLE_ISSUER, ...googleKeys }, box, platform.log.child({ component: 'google' })), service, repo,
        new ExternalIdentitiesRepository(accountsDb(platform.db)), platform.log.child({ component: 'accounts' }))
      : undefined;
    const gate = new AccountGate(service, config.PUBLIC_URL?.startsWith('https://') ?? false);
    const accounts: AccountsServices = { service, admins, access: gate, enabled };
    return {
      services: { accounts },
      routes: (app: FastifyInstance) => {
        accountsRoutes(app, service, admins, gate, config.PUBLIC_URL, platform.logRing);
        googleSignInRoutes(app, google, gate, config.PUBLIC_URL);
      },
      stop: () => mail.stop(),
    };
  },
});
