import { z } from 'zod';
import { PASSWORD_MAX, PASSWORD_MIN } from './passwords.ts';

// Request and answer shapes of the accounts routes (they name the components of the API docs).

export const EmailSchema = z.string().trim().max(254).pipe(z.email()).describe('Compared without case');
export const PasswordSchema = z.string().min(PASSWORD_MIN).max(PASSWORD_MAX).describe(`${PASSWORD_MIN} to ${PASSWORD_MAX} characters`);
const NameSchema = z.string().trim().max(100).optional().describe('How the app greets the person (default: the part of the email before @)');
const SecretSchema = z.string().min(1).max(200).describe('The secret of the link: the part after # in its address');
export const RoleSchema = z.enum(['admin', 'user']);

export const CredentialsSchema = z.object({ email: EmailSchema, password: z.string().min(1).max(PASSWORD_MAX) }).strict();
export const NewAccountSchema = z.object({ email: EmailSchema, password: PasswordSchema, name: NameSchema }).strict();
export const LinkSecretSchema = z.object({ token: SecretSchema }).strict();
export const AcceptInvitationSchema = z.object({ token: SecretSchema, password: PasswordSchema, name: NameSchema }).strict();
export const ResetPasswordSchema = z.object({ token: SecretSchema, password: PasswordSchema }).strict();
/** `current_password` is required once the person has a password; one made through Google sets its first without. */
export const ChangePasswordSchema = z.object({ current_password: z.string().min(1).max(PASSWORD_MAX).optional(), new_password: PasswordSchema }).strict();
export const PasswordStateSchema = z.object({
  password_set: z.boolean().describe('False for an account made through Google that has not chosen a password yet'),
  recent_sign_in_until: z.string().nullable().describe('Until when this session\'s sign-in is recent enough to set a first password (null without a session)'),
});

export const LinkInfoSchema = z.object({ kind: z.enum(['invite', 'reset']), email: z.string(), expires_at: z.string() }).meta({ id: 'AccountLinkInfo' });

export const AccountSessionSchema = z
  .object({
    id: z.string(),
    current: z.boolean().describe('The session of this request'),
    client: z.string().nullable().describe('The browser, as it named itself'),
    created_at: z.string(),
    last_seen_at: z.string(),
    expires_at: z.string(),
  })
  .meta({ id: 'AccountSession' });

export const ApiTokenSchema = z
  .object({ id: z.string(), name: z.string(), hint: z.string().describe('The last four characters of the token'), created_at: z.string(), last_used_at: z.string().nullable() })
  .meta({ id: 'UserApiToken' });
export const NewApiTokenSchema = ApiTokenSchema.extend({ token: z.string().describe('Shown this once: send it as `Authorization: Bearer <token>`') }).meta({ id: 'NewUserApiToken' });

export const AccountUserSchema = z
  .object({
    id: z.string(), email: z.string(), name: z.string(), role: RoleSchema, status: z.enum(['active', 'suspended']),
    created_at: z.string(), last_seen_at: z.string().nullable(),
  })
  .meta({ id: 'AccountUser' });

export const OneTimeLinkSchema = z
  .object({
    kind: z.enum(['invite', 'reset']),
    email: z.string(),
    url: z.string().describe('Hand it over yourself (message, e-mail): it works once, until expires_at'),
    expires_at: z.string(),
    emailed: z.boolean().optional().describe('With SMTP_URL set and send_email asked: whether the SMTP server took the e-mail'),
  })
  .meta({ id: 'AccountLink' });

export const InvitationSchema = z.object({ id: z.string(), email: z.string(), role: RoleSchema, created_at: z.string(), expires_at: z.string() }).meta({ id: 'AccountInvitation' });

export const AccountSettingsSchema = z.object({ registration_open: z.boolean().describe('Anyone who opens the app may create an account') }).meta({ id: 'AccountSettings' });

export const PlatformFiguresSchema = z
  .object({
    users: z.number().int(), admins: z.number().int(), suspended: z.number().int(),
    active_7d: z.number().int().describe('Users seen (a request with their session or token) in the last 7 days'),
    sessions_since: z.string().describe('The start of the 7-day window'),
  })
  .meta({ id: 'PlatformFigures' });

const MailLangSchema = z.enum(['fr', 'en']).optional().describe('The e-mail\'s language (else the Accept-Language, else French)');

export const ResetRequestSchema = z.object({ email: EmailSchema, lang: MailLangSchema }).strict();

/** An admin's one-time link, and whether to e-mail it too (SMTP_URL set). */
export const SendLinkSchema = z.object({ send_email: z.boolean().default(false), lang: MailLangSchema }).strict();

/** DELETE /admin/users/:id: what becomes of the person's data (required; checked by the service for stable codes). */
export const DeleteUserQuerySchema = z.object({
  data: z.enum(['delete', 'transfer']).optional().describe('`delete`: the person\'s data is erased with them. `transfer`: their stock goes to `to`, the rest of their state is erased.'),
  to: z.string().min(1).max(64).optional().describe('With `data=transfer`: the id of the user who receives the stock (another existing user).'),
}).strict();

export const DeletedUserSchema = z.object({
  ok: z.literal(true),
  data: z.enum(['delete', 'transfer']),
  to: z.string().nullable(),
  moved: z.array(z.string()).describe('Tables whose rows of the person went to the recipient (the stock and its history)'),
  erased: z.array(z.string()).describe('Tables whose rows of the person were erased (with `transfer`: their per-person state, not merged)'),
}).meta({ id: 'DeletedUser' });
