import { z } from 'zod';

// Request and response shapes of the Vinted connector's API (the seeds' contract, plus the log, queue and settings).

/** What went wrong with Vinted, told apart (vinted-trouble.ts): the app words `code` and `action` in the seller's language. */
export const TroubleSchema = z.object({
  kind: z.enum(['unreachable', 'not_logged_in', 'blocked', 'form_changed']),
  code: z.enum(['vinted_unreachable', 'vinted_not_logged_in', 'vinted_blocked', 'vinted_form_changed']),
  action: z.enum(['retry_later', 'log_in_again', 'solve_on_vinted', 'wait', 'check_account', 'update_app'])
    .describe('retry_later (Vinted did not answer) · log_in_again (copy a fresh Cookie header) · solve_on_vinted (a captcha or a check: open Vinted in your browser) · wait (too many requests) · check_account (a restriction) · update_app (the form changed)'),
  vinted_answered: z.boolean().describe('false: Vinted never answered, so nothing is known about the session'),
}).meta({ id: 'VintedTrouble' });

export const SaveSessionSchema = z
  .object({
    cookie: z.string().optional().describe('The whole Cookie header of a logged-in Vinted tab (at most 16 KB, one line)'),
    cookie_value: z.string().optional().describe('Older name of `cookie`'),
    user_agent: z.string().nullable().optional().describe('The user agent of the browser the cookie comes from (stored sealed)'),
    expires_at: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .meta({ example: { cookie: 'access_token_web=…; refresh_token_web=…; anon_id=…', user_agent: 'Mozilla/5.0 …', expires_at: null } });

export const SaveSessionAnswerSchema = z.object({
  ok: z.literal(true),
  persisted: z.boolean(),
  username: z.string().nullable(),
  user_id: z.string().nullable(),
  verified: z.boolean().describe('False when the site could not confirm the account (unreachable or a challenge)'),
  reason: z.string().optional(),
  trouble: TroubleSchema.optional().describe('When Vinted did not confirm it: why (unreachable, a check in the way) and what to do'),
  // The older seed's answer, given when the body used `cookie_value`.
  session_id: z.string().optional().describe('With `cookie_value`: an id for this save (the older seed\'s field)'),
  valid: z.boolean().optional().describe('With `cookie_value`: the same as `verified`'),
  created_at: z.string().optional().describe('With `cookie_value`: when the session was saved'),
  note: z.string().optional().describe('With `cookie_value`: what happened, in words'),
});

export const AuthCheckSchema = z.object({
  authenticated: z.boolean().nullable().describe('true: Vinted confirmed the session · false: Vinted said it is not logged in (or none is saved) · null: unknown, Vinted did not answer or put a check in the way'),
  state: z.enum(['logged_in', 'not_logged_in', 'unreachable', 'blocked', 'no_session']),
  username: z.string().nullable(),
  user_id: z.string().nullable(),
  reason: z.string().optional(),
  trouble: TroubleSchema.optional(),
});

const contentFields = {
  title: z.string().max(200),
  price: z.number().min(0).max(1_000_000).nullable(),
  description: z.string().max(5000),
  brand: z.string().max(100).nullable(),
  size: z.string().max(30).nullable(),
  condition: z.string().max(40).nullable(),
  color: z.union([z.string().max(40), z.array(z.string().max(40)).max(5)]).nullable(),
  category_hint: z.string().max(200).nullable().describe("One of our category words (\"pull\"), or Vinted's own path (\"Homme > Sweats\")"),
  photos: z.array(z.string().max(300)).max(40).describe('Photo ids of this app, or temp ids from POST /vinted/photos/upload'),
};

export const PrepareSchema = z
  .object({
    draft_id: z.uuid().optional().describe('The stock item to prepare'),
    ...Object.fromEntries(Object.entries(contentFields).map(([k, v]) => [k, v.optional()])) as { [K in keyof typeof contentFields]: z.ZodOptional<(typeof contentFields)[K]> },
    dry_run: z.boolean().optional().describe('Default true'),
  })
  .strict()
  .refine((b) => b.draft_id !== undefined || b.title !== undefined, 'send draft_id, or the listing itself (title, price, …)')
  .refine((b) => b.draft_id === undefined || Object.keys(contentFields).every((k) => (b as Record<string, unknown>)[k] === undefined), 'with draft_id, the content comes from the item: send no other field')
  .meta({ example: { draft_id: '0190f1e2-0000-7000-8000-000000000000', dry_run: true } });

export const PublishSchema = z
  .object({
    confirm_token: z.string().min(1).max(2048),
    dry_run: z.boolean().optional().describe('Default true: a real publication needs dry_run: false'),
    draft_id: z.uuid().optional().describe('When sent, must be the draft the token was issued for'),
  })
  .strict();

export const DraftSchema = z.object({ draft_id: z.uuid(), dry_run: z.boolean().optional().describe('Default true') }).strict();

export const FilledSchema = z.object({
  title: z.string(), description: z.string(),
  category: z.object({ id: z.number().nullable(), label: z.string() }),
  brand: z.string(), size: z.string(),
  condition: z.object({ id: z.number().nullable(), label: z.string() }),
  colours: z.object({ ids: z.array(z.number()), label: z.string() }),
  price: z.string(), price_cents: z.number().nullable(), package_size: z.number().nullable(), photos: z.number(),
});

export const FlowAnswerSchema = z.object({
  ok: z.boolean(),
  account_id: z.string().optional().describe('The Vinted account this acted for (the one the form was prepared for, or that published the listing)'),
  dry_run: z.boolean().optional(),
  needs_manual: z.boolean().optional(),
  reason: z.string().optional(),
  field: z.string().optional(),
  missing_fields: z.array(z.string()).optional(),
  confirm_token: z.string().optional(),
  expires_at: z.string().optional(),
  item_id: z.string().optional(),
  preview_url: z.string().optional(),
  screenshot_b64: z.string().optional(),
  draft_context: z.object({ filled: FilledSchema, warnings: z.array(z.string()) }).optional(),
  listing_id: z.string().optional(),
  listing_url: z.string().optional(),
  vinted_draft_id: z.string().nullable().optional(),
  trouble: TroubleSchema.optional().describe('With needs_manual: what kind of trouble (blocked by a check, not logged in, form changed) and what to do'),
  price: z.number().optional().describe('Price updates: our price'),
  vinted_price: z.number().nullable().optional().describe('Price updates: the price Vinted shows now, as far as the app knows'),
  shown_before: z.number().nullable().optional().describe('Price updates: what the edit form showed before'),
  unchanged: z.boolean().optional().describe('Price updates: Vinted already shows this price, nothing was done'),
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional(), request_id: z.string().optional() }).optional()
    .describe('On a refusal (not_ready, vinted_refused…): the one error shape'),
});

export const StagedPhotoSchema = z.object({ ok: z.literal(true), photo: z.object({ temp_id: z.string(), url: z.string(), sha256: z.string(), bytes: z.number() }) });

export const QueueSchema = z.object({
  account_id: z.string().describe('The Vinted account whose queue this is (the active one)'),
  queue_size: z.number().describe('Items waiting for their turn (pending or retry)'),
  items: z.array(z.object({
    account_id: z.string().describe('The Vinted account the entry is queued for: only a pass of that account sends it'),
    item_id: z.string(), title: z.string(), state: z.string(), attempts: z.number(), next_attempt_at: z.string().nullable(),
    last_error: z.string().nullable(), vinted_draft_id: z.string().nullable(), updated_at: z.string().nullable(),
  })),
});

export const LogQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  item_id: z.uuid().optional(),
  action: z.enum(['prepare', 'publish', 'draft', 'price']).optional(),
});

export const LogPageSchema = z.object({
  account_id: z.string().describe('The Vinted account whose log this is (the active one)'),
  entries: z.array(z.object({
    account_id: z.string().nullable().describe('The Vinted account the attempt acted for'),
    id: z.string(), at: z.string(), action: z.string(), item_id: z.string().nullable(), idempotency_key: z.string().nullable(), dry_run: z.boolean(),
    outcome: z.string(), reason: z.string().nullable(), listing_id: z.string().nullable(), listing_url: z.string().nullable(), writes: z.number(),
    duration_ms: z.number().nullable(), source: z.string(),
  })),
  next_cursor: z.string().nullable(),
});

export const StatusSchema = z.object({
  account_id: z.string().describe('The Vinted account this is the state of (the active one)'),
  session: z.object({
    present: z.boolean(), state: z.string().nullable(), username: z.string().nullable(), verified_at: z.string().nullable(), expires_at: z.string().nullable(),
    confirmed: z.boolean().describe('Vinted confirmed this session (at verified_at) and has not said since that it is logged out; false: saved but never confirmed (Vinted did not answer), or expired'),
  }),
  guard: z.object({ stopped: z.boolean(), stopped_reason: z.string().nullable(), stopped_at: z.string().nullable(), backoff_until: z.string().nullable(), backoff_seconds_left: z.number() }),
  pace: z.object({ writes_last_hour: z.number(), hourly_write_budget: z.number(), publications_last_minute: z.number(), publications_per_minute: z.number() }),
  prepared_forms_open: z.number(),
  base_url: z.string(),
});

export const OnVintedSchema = z.object({
  count: z.number().int(),
  pending_prices: z.number().int().describe('Listings whose price changed here and not yet on Vinted'),
  listings: z.array(z.object({
    item_id: z.string(), title: z.string(), status: z.string(), vinted_listing_id: z.string(), url: z.string().nullable(),
    price: z.number().nullable().describe('Our price'), vinted_price: z.number().nullable().describe('The price Vinted shows, as far as the app knows'),
    price_pending: z.boolean(), listed_at: z.string().nullable(),
  })),
});
