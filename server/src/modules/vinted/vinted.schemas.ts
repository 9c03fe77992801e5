import { z } from 'zod';

// Request and response shapes of the Vinted connector's API (the seeds' contract, plus the log, queue and settings).

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
});

export const AuthCheckSchema = z.object({
  authenticated: z.boolean(),
  username: z.string().nullable(),
  user_id: z.string().nullable(),
  reason: z.string().optional(),
});

const contentFields = {
  title: z.string().max(200),
  price: z.number().min(0).max(1_000_000).nullable(),
  description: z.string().max(5000),
  brand: z.string().max(100).nullable(),
  size: z.string().max(30).nullable(),
  condition: z.string().max(40).nullable(),
  color: z.union([z.string().max(40), z.array(z.string().max(40)).max(5)]).nullable(),
  category_hint: z.string().max(60).nullable(),
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
});

export const StagedPhotoSchema = z.object({ ok: z.literal(true), photo: z.object({ temp_id: z.string(), url: z.string(), sha256: z.string(), bytes: z.number() }) });

export const QueueSchema = z.object({
  queue_size: z.number().describe('Items waiting for their turn (pending or retry)'),
  items: z.array(z.object({
    item_id: z.string(), title: z.string(), state: z.string(), attempts: z.number(), next_attempt_at: z.string().nullable(),
    last_error: z.string().nullable(), vinted_draft_id: z.string().nullable(), updated_at: z.string().nullable(),
  })),
});

export const LogQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  item_id: z.uuid().optional(),
  action: z.enum(['prepare', 'publish', 'draft']).optional(),
});

export const LogPageSchema = z.object({
  entries: z.array(z.object({
    id: z.string(), at: z.string(), action: z.string(), item_id: z.string().nullable(), idempotency_key: z.string().nullable(), dry_run: z.boolean(),
    outcome: z.string(), reason: z.string().nullable(), listing_id: z.string().nullable(), listing_url: z.string().nullable(), writes: z.number(),
    duration_ms: z.number().nullable(), source: z.string(),
  })),
  next_cursor: z.string().nullable(),
});

export const StatusSchema = z.object({
  session: z.object({ present: z.boolean(), state: z.string().nullable(), username: z.string().nullable(), verified_at: z.string().nullable(), expires_at: z.string().nullable() }),
  guard: z.object({ stopped: z.boolean(), stopped_reason: z.string().nullable(), stopped_at: z.string().nullable(), backoff_until: z.string().nullable(), backoff_seconds_left: z.number() }),
  pace: z.object({ writes_last_hour: z.number(), hourly_write_budget: z.number(), publications_last_minute: z.number(), publications_per_minute: z.number() }),
  prepared_forms_open: z.number(),
  base_url: z.string(),
});
