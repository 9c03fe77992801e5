import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { ownOrigin } from '../../platform/http/cross-site.ts';
import type { LogRing } from '../../platform/logger.ts';
import { ActionBodySchema, ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import { accountCaller, requireAdmin, requireCaller } from '../../platform/security/account-auth.ts';
import { pathOf } from '../../platform/security/api-token.ts';
import { accountFlags, SessionStateSchema } from '../../platform/security/session.routes.ts';
import type { AccountGate } from './account-gate.ts';
import type { AccountsAdmin, DataChoice } from './accounts-admin.service.ts';
import type { AccountsService } from './accounts.service.ts';
import type { ClientInfo, OpenedSession } from './accounts.types.ts';
import {
  AcceptInvitationSchema, AccountSessionSchema, AccountSettingsSchema, AccountUserSchema, ApiTokenSchema, ChangePasswordSchema, CredentialsSchema, PasswordStateSchema, EmailSchema,
  DeletedUserSchema, DeleteUserQuerySchema, InvitationSchema, LinkInfoSchema, LinkSecretSchema, NewAccountSchema, NewApiTokenSchema, OneTimeLinkSchema, PlatformFiguresSchema, ResetPasswordSchema, ResetRequestSchema, RoleSchema,
  SendLinkSchema,
} from './accounts.schemas.ts';
import { mailLang } from './link-mail.ts';

// The accounts routes (AUTH_MODE=accounts): the ways in (set-up, login, registration, invitation, reset), a
// person's own sessions, password and API tokens, and the admin's users, invitations, switches and figures. In
// single-seller mode each answers like an unknown address; an admin route answers so to anyone but an admin.

const E = ErrorResponseSchema;
const Ok = z.object({ ok: z.literal(true) });
const IdParams = z.object({ id: z.string().min(1).max(64) });
// Guessing is slow: each way in takes at most this many tries a minute per client (lock-outs do the rest).
const ENTRY_LIMIT = { rateLimit: { max: 30, timeWindow: 60_000 } };

/** The admin's choice for a deleted person's data, or a 400 naming what is missing (no default: data is at stake). */
function dataChoice(q: { data?: 'delete' | 'transfer'; to?: string }): DataChoice {
  if (!q.data) throw new AppError(400, 'data_choice_required', 'Say what becomes of the person\'s data: data=delete, or data=transfer with to=<user id>');
  if (q.data === 'delete') {
    if (q.to !== undefined) throw new AppError(400, 'transfer_target_unexpected', '`to` goes with data=transfer only');
    return { data: 'delete' };
  }
  if (!q.to) throw new AppError(400, 'transfer_target_required', 'data=transfer needs to=<user id>: the user who receives the data');
  return { data: 'transfer', to: q.to };
}

export function accountsRoutes(app: FastifyInstance, accounts: AccountsService, admins: AccountsAdmin, gate: AccountGate, publicUrl: string | undefined, logRing: LogRing) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // Before the body is validated, so that single-seller mode answers every one of these as an unknown address, and
  // so do the admin's routes to anyone but an admin, whatever they send.
  app.addHook('preValidation', async (req) => {
    if (!accounts.opts.enabled || pathOf(req).startsWith('/admin/')) requireAdmin(req);
  });

  /** The language to e-mail an admin's link in, when they asked for the e-mail. */
  const mailTo = (req: FastifyRequest, body: { send_email?: boolean; lang?: 'fr' | 'en' }) =>
    (body.send_email ? mailLang(body.lang, req.headers['accept-language']) : undefined);
  const client = (req: FastifyRequest): ClientInfo => ({ ip: req.ip, userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : undefined });
  const origin = (req: FastifyRequest) => publicUrl ?? ownOrigin(req) ?? '';
  /** Sets the new session's cookies (ending the session this browser had, if any) and answers the login state. */
  const signedIn = async (req: FastifyRequest, reply: FastifyReply, opened: OpenedSession) => {
    const before = accountCaller(req);
    if (before?.session) await accounts.logout(before.session.id, before.user.id);
    reply.header('set-cookie', gate.cookies(req, opened.token, opened.caller.session!.csrf)).header('cache-control', 'no-store');
    const s = await accounts.state();
    return {
      mode: 'accounts' as const, required: true, authenticated: true, via: 'session' as const, csrf_token: opened.caller.session!.csrf,
      expires_at: opened.caller.session!.expiresAt, user: opened.caller.user, ...accountFlags(s),
    };
  };
  const auth = ['auth'];
  const admin = ['admin'];
  const signedInResponse = { 200: SessionStateSchema, 201: SessionStateSchema, 400: E, 401: E, 403: E, 404: E, 409: E, 429: E };

  r.post('/auth/setup', {
    schema: {
      tags: auth, summary: 'Create the admin account (the first person to open the app, once)',
      description: 'Works only while no account exists (409 `setup_done` afterwards, also for the second of two simultaneous requests). The admin owns the data an earlier single-seller install had. Logs in (session cookie).',
      body: NewAccountSchema, response: signedInResponse,
    },
    config: ENTRY_LIMIT,
  }, async (req, reply) => {
    const opened = await accounts.setup(req.body, client(req));
    return reply.code(201).send(await signedIn(req, reply, opened));
  });

  r.post('/auth/login', {
    schema: {
      tags: auth, summary: 'Log in with email and password',
      description: 'Sets a new HttpOnly, SameSite=Strict session cookie (Secure over HTTPS) and its readable CSRF cookie; the session this browser had ends. '
        + 'Wrong passwords answer 401 `invalid_credentials`; after AUTH_LOCKOUT_FAILURES for one account, or AUTH_LOCKOUT_IP_FAILURES from one address, 429 `login_locked` with `Retry-After` for AUTH_LOCKOUT_MINUTES. A suspended account answers 403 `account_suspended`.',
      body: CredentialsSchema, response: signedInResponse,
    },
    config: ENTRY_LIMIT,
  }, async (req, reply) => signedIn(req, reply, await accounts.login(req.body, client(req))));

  r.post('/auth/register', {
    schema: {
      tags: auth, summary: 'Create an account (when the admin has opened registration)',
      description: '403 `registration_closed` unless the admin opened it; 409 `email_taken` when the email has an account. Logs in.',
      body: NewAccountSchema, response: signedInResponse,
    },
    config: ENTRY_LIMIT,
  }, async (req, reply) => reply.code(201).send(await signedIn(req, reply, await accounts.register(req.body, client(req)))));

  r.post('/auth/links/inspect', {
    schema: {
      tags: auth, summary: 'What an invitation or password-reset link is for',
      description: 'The secret is the part of the link after `#` (never sent to the server by the browser on its own). 404 `link_invalid` when unknown, used or expired.',
      body: LinkSecretSchema, response: { 200: LinkInfoSchema, 404: E },
    },
    config: ENTRY_LIMIT,
  }, async (req) => accounts.inspectLink(req.body.token));

  r.post('/auth/invitations/accept', {
    schema: { tags: auth, summary: 'Accept an invitation: choose a password and log in', body: AcceptInvitationSchema, response: signedInResponse },
    config: ENTRY_LIMIT,
  }, async (req, reply) => reply.code(201).send(await signedIn(req, reply, await accounts.acceptInvitation(req.body, client(req)))));

  r.post('/auth/password-reset', {
    schema: {
      tags: auth, summary: 'Set a new password with a reset link the admin handed over',
      description: 'Ends every session of the account, then logs this browser in.',
      body: ResetPasswordSchema, response: signedInResponse,
    },
    config: ENTRY_LIMIT,
  }, async (req, reply) => signedIn(req, reply, await accounts.resetPassword(req.body, client(req))));

  r.post('/auth/password-reset/request', {
    schema: {
      tags: auth, summary: 'Forgot my password: e-mail me a reset link (when the server has SMTP_URL)',
      description: 'Answers 202 whether or not the address has an account (nothing tells who has one); an active account gets a one-time link by e-mail, at most one every 5 minutes. '
        + 'The e-mail is in `lang` (else the Accept-Language, else French). 409 `mail_not_configured` when the server sends no e-mail: the admin hands reset links over.',
      body: ResetRequestSchema, response: { 202: Ok, 409: E },
    },
    config: ENTRY_LIMIT,
  }, async (req, reply) => {
    accounts.requestReset(req.body.email, origin(req), mailLang(req.body.lang, req.headers['accept-language']));
    return reply.code(202).send({ ok: true as const });
  });

  r.get('/auth/password', {
    schema: { tags: auth, summary: 'Whether I have a password of my own (an account made through Google may not)', response: { 200: PasswordStateSchema, 401: E } },
  }, async (req) => {
    const caller = requireCaller(req);
    return accounts.passwordState(caller.user.id, caller.session?.id);
  });

  r.post('/auth/password', {
    schema: {
      tags: auth, summary: 'Change my password, or choose a first one',
      description: 'Needs the current one (400 `current_password_required`, 403 `wrong_password`); ends my other sessions. '
        + 'An account made through Google that never chose a password sets one without `current_password`, once, from a session signed in within the last 10 minutes '
        + '(403 `recent_sign_in_required` otherwise, also with an API token; 409 `password_already_set` when one was set meanwhile).',
      body: ChangePasswordSchema, response: { 200: Ok, 400: E, 403: E, 409: E },
    },
    config: ENTRY_LIMIT,
  }, async (req) => {
    const caller = requireCaller(req);
    await accounts.changePassword(caller.user.id, req.body.current_password, req.body.new_password, caller.session?.id);
    return { ok: true as const };
  });

  r.get('/auth/sessions', {
    schema: { tags: auth, summary: 'My sessions (browsers logged in to my account)', response: { 200: z.object({ sessions: z.array(AccountSessionSchema) }) } },
  }, async (req) => {
    const caller = requireCaller(req);
    return { sessions: await accounts.sessions(caller.user.id, caller.session?.id) };
  });

  r.delete('/auth/sessions/:id', {
    schema: { tags: auth, summary: 'End one of my sessions', params: IdParams, response: { 200: Ok, 404: E } },
  }, async (req) => {
    await accounts.endSession(requireCaller(req).user.id, req.params.id);
    return { ok: true as const };
  });

  r.post('/auth/logout-everywhere', {
    schema: { tags: auth, summary: 'End all my sessions, this one included', body: ActionBodySchema, response: { 200: z.object({ ended: z.number().int() }) } },
  }, async (req, reply) => {
    const ended = await accounts.logoutEverywhere(requireCaller(req).user.id);
    reply.header('set-cookie', gate.cookies(req, null, null));
    return { ended };
  });

  r.get('/auth/tokens', {
    schema: { tags: auth, summary: 'My API tokens (never the tokens themselves)', response: { 200: z.object({ tokens: z.array(ApiTokenSchema) }) } },
  }, async (req) => ({ tokens: await accounts.tokens(requireCaller(req).user.id) }));

  r.post('/auth/tokens', {
    schema: {
      tags: auth, summary: 'Create an API token for a script',
      description: 'The token is in this answer only (stored hashed). Send it as `Authorization: Bearer <token>`: it acts as me until revoked.',
      body: z.object({ name: z.string().trim().min(1).max(80) }).strict(), response: { 201: NewApiTokenSchema },
    },
  }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    return reply.code(201).send(await accounts.createToken(requireCaller(req).user.id, req.body.name));
  });

  r.delete('/auth/tokens/:id', {
    schema: { tags: auth, summary: 'Revoke one of my API tokens: it stops working at once', params: IdParams, response: { 200: Ok, 404: E } },
  }, async (req) => {
    await accounts.revokeToken(requireCaller(req).user.id, req.params.id);
    return { ok: true as const };
  });

  // ── the admin's (anyone else gets 404) ──

  r.get('/admin/users', {
    schema: { tags: admin, summary: 'Every user', response: { 200: z.object({ users: z.array(AccountUserSchema) }), 404: E } },
  }, async (req) => {
    requireAdmin(req);
    return { users: await accounts.users() };
  });

  r.patch('/admin/users/:id', {
    schema: {
      tags: admin, summary: 'Change a user\'s role', description: 'Not your own; 409 `last_admin` when it would leave no active admin.',
      params: IdParams, body: z.object({ role: RoleSchema }).strict(), response: { 200: AccountUserSchema, 404: E, 409: E },
    },
  }, async (req) => admins.setRole(requireAdmin(req).user.id, req.params.id, req.body.role));

  r.post('/admin/users/:id/suspend', {
    schema: {
      tags: admin, summary: 'Suspend a user', description: 'Their sessions end and their API tokens are refused at once, until unsuspended. Not yourself.',
      params: IdParams, body: ActionBodySchema, response: { 200: AccountUserSchema, 404: E, 409: E },
    },
  }, async (req) => admins.suspend(requireAdmin(req).user.id, req.params.id));

  r.post('/admin/users/:id/unsuspend', {
    schema: { tags: admin, summary: 'Lift a suspension', params: IdParams, body: ActionBodySchema, response: { 200: AccountUserSchema, 404: E } },
  }, async (req) => admins.unsuspend(requireAdmin(req).user.id, req.params.id));

  r.post('/admin/users/:id/reset-link', {
    schema: {
      tags: admin, summary: 'A one-time link for a user to set a new password',
      description: 'Hand it over yourself, or with SMTP_URL set and `send_email` true it is also e-mailed (`emailed` says whether the SMTP server took it). '
        + 'It replaces the user\'s earlier reset links, works once until `expires_at` (AUTH_LINK_HOURS), and ends their sessions when used.',
      params: IdParams, body: SendLinkSchema, response: { 200: OneTimeLinkSchema, 404: E },
    },
  }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    return accounts.resetLink(requireAdmin(req).user.id, req.params.id, origin(req), mailTo(req, req.body));
  });

  r.delete('/admin/users/:id', {
    schema: {
      tags: admin, summary: 'Delete a user, with their data or handing it to someone else',
      description: 'Say what becomes of their data: `?data=delete` erases it with them (items, photos and their files nobody else holds, orders, history, settings, Vinted accounts…); '
        + '`?data=transfer&to=<user id>` hands their stock and its history (items, photos, price history, orders, history, photo edits, templates, seller memory) to another user and erases their per-person state '
        + '(settings, sessions, API tokens, extension pairings, Vinted accounts and queue, billing, bulk imports, job runs, quotas), which is never merged. The answer lists which tables moved and which were erased. '
        + 'A SKU the recipient already uses gets a `-2` suffix; a photo whose bytes the recipient already has becomes the recipient\'s photo; an order the recipient already recorded (same platform and order id) is kept once. '
        + 'Everything happens in one transaction. 400 `data_choice_required` without `data`, `transfer_target_required` for a transfer without `to`, `transfer_target_unexpected` for `to` with `data=delete`; '
        + '404 `transfer_target_not_found`, 409 `transfer_to_same_user`; not yourself (409 `cannot_change_self`), and never the last active admin (409 `last_admin`). '
        + 'A person with a live Stripe subscription has it cancelled at Stripe first; when Stripe refuses or does not answer, 502 `subscription_cancel_failed` and nothing is deleted. '
        + 'While a job of theirs is running (bulk import, analysis, webhook delivery…): 409 `user_has_running_jobs`.',
      params: IdParams, querystring: DeleteUserQuerySchema, response: { 200: DeletedUserSchema, 400: E, 404: E, 409: E, 502: E },
    },
  }, async (req) => {
    const adminId = requireAdmin(req).user.id;
    return admins.deleteUser(adminId, req.params.id, dataChoice(req.query));
  });

  r.post('/admin/invitations', {
    schema: {
      tags: admin, summary: 'Invite someone: a one-time link to create their account',
      description: 'Hand the link over yourself, or with SMTP_URL set and `send_email` true it is also e-mailed (`emailed` says whether the SMTP server took it). 409 `email_taken` when the email has an account.',
      body: SendLinkSchema.extend({ email: EmailSchema, role: RoleSchema.default('user') }).strict(), response: { 201: OneTimeLinkSchema, 409: E },
    },
  }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    return reply.code(201).send(await accounts.invite(requireAdmin(req).user.id, req.body.email, req.body.role, origin(req), mailTo(req, req.body)));
  });

  r.get('/admin/invitations', {
    schema: { tags: admin, summary: 'Invitations not used yet', response: { 200: z.object({ invitations: z.array(InvitationSchema) }), 404: E } },
  }, async (req) => {
    requireAdmin(req);
    return { invitations: await accounts.invitations() };
  });

  r.delete('/admin/invitations/:id', {
    schema: { tags: admin, summary: 'Cancel an invitation: its link stops working', params: IdParams, response: { 200: Ok, 404: E } },
  }, async (req) => {
    requireAdmin(req);
    await accounts.cancelInvitation(req.params.id);
    return { ok: true as const };
  });

  r.get('/admin/settings', {
    schema: { tags: admin, summary: 'The platform switches', response: { 200: AccountSettingsSchema, 404: E } },
  }, async (req) => {
    requireAdmin(req);
    return accounts.settings();
  });

  r.patch('/admin/settings', {
    schema: { tags: admin, summary: 'Open or close registration', body: AccountSettingsSchema.partial().strict(), response: { 200: AccountSettingsSchema, 404: E } },
  }, async (req) => accounts.updateSettings(requireAdmin(req).user.id, req.body));

  const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;
  r.get('/admin/log', {
    schema: {
      tags: admin, summary: 'The server\'s recent log lines (redacted), newest first',
      description: 'The last 2,000 lines this process wrote, as pino wrote them: cookies, tokens, passwords and keys are already redacted. Filters: the lowest `level`, a `q` text the line contains, at most `limit` lines.',
      querystring: z.object({
        level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'),
        q: z.string().trim().max(200).optional(),
        limit: z.coerce.number().int().min(1).max(2000).default(200),
      }),
      response: { 200: z.object({ entries: z.array(z.record(z.string(), z.unknown())) }), 404: E },
    },
  }, async (req, reply) => {
    requireAdmin(req);
    reply.header('cache-control', 'no-store');
    return { entries: logRing.read({ minLevel: LEVELS[req.query.level], text: req.query.q, limit: req.query.limit }) };
  });

  r.get('/admin/figures', {
    schema: { tags: admin, summary: 'Platform figures: users, admins, suspended, active in the last 7 days', response: { 200: PlatformFiguresSchema, 404: E } },
  }, async (req) => {
    requireAdmin(req);
    return admins.figures();
  });
}
