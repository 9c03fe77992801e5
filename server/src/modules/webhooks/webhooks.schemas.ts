import { z } from 'zod';
import { WEBHOOK_EVENTS } from './webhook-events.ts';

const EventsSchema = z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length)
  .describe(`Events to receive: ${WEBHOOK_EVENTS.join(', ')}`);
const UrlSchema = z.string().trim().min(1).max(2000).describe('http(s) URL the events are POSTed to');

export const CreateWebhookSchema = z.object({
  url: UrlSchema,
  events: EventsSchema,
  description: z.string().trim().max(200).nullable().optional(),
  allow_local: z.boolean().optional().describe('Allow a loopback or private-network address (a script on this machine, n8n on the LAN). Off by default: such URLs are refused with 400 url_forbidden_address'),
  active: z.boolean().optional(),
}).strict();
export type CreateWebhookInput = z.infer<typeof CreateWebhookSchema>;

export const PatchWebhookSchema = CreateWebhookSchema.partial().strict()
  .refine((o) => Object.keys(o).length > 0, { message: 'the body changes nothing', params: { code: 'nothing_to_change' } });
export type PatchWebhookInput = z.infer<typeof PatchWebhookSchema>;

export const WebhookSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string().nullable(),
  secret_hint: z.string().describe('The end of the signing secret, to tell which one a receiver holds; the secret itself is answered only at creation'),
  allow_local: z.boolean(),
  active: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
}).meta({ id: 'Webhook' });
export type Webhook = z.infer<typeof WebhookSchema>;

export const CreatedWebhookSchema = WebhookSchema.extend({
  secret: z.string().describe('The signing secret (HMAC-SHA256 key). Shown this once: copy it into the receiver'),
}).meta({ id: 'CreatedWebhook' });

export const DeliverySchema = z.object({
  id: z.string(),
  webhook_id: z.string(),
  event: z.string(),
  state: z.enum(['queued', 'retrying', 'delivered', 'failed']),
  attempts: z.number().int(),
  response_code: z.number().int().nullable().describe('HTTP status of the last attempt; null when no answer came'),
  error: z.string().nullable().describe('Why the last attempt failed: http_500, url_timeout, url_forbidden_address, url_fetch_failed…'),
  test: z.boolean(),
  created_at: z.string(),
  first_attempt_at: z.string().nullable(),
  last_attempt_at: z.string().nullable(),
  next_attempt_at: z.string().nullable().describe('When the next retry goes (state retrying)'),
  payload: z.unknown().describe('The JSON body sent'),
}).meta({ id: 'WebhookDelivery' });
export type Delivery = z.infer<typeof DeliverySchema>;

export const DeliveriesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
