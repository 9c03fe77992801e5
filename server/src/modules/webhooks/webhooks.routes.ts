import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ActionBodySchema, ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import type { WebhooksService } from './webhooks.service.ts';
import {
  CreatedWebhookSchema, CreateWebhookSchema, DeliveriesQuerySchema, DeliverySchema, PatchWebhookSchema, WebhookSchema,
} from './webhooks.schemas.ts';

const E = ErrorResponseSchema;
const IdParams = z.object({ id: z.uuid() });

export function webhooksRoutes(app: FastifyInstance, webhooks: WebhooksService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['webhooks'];
  r.post('/webhooks', {
    schema: {
      tags, summary: 'Subscribe a URL to events (the answer carries the signing secret, once)', body: CreateWebhookSchema,
      description: 'Each event is POSTed as JSON, signed: `X-VintedBot-Signature: sha256=HMAC-SHA256(secret, "<X-VintedBot-Timestamp>.<body>")`. Failed deliveries are retried with exponential back-off for 24 h. A private or loopback address is refused (400 `url_forbidden_address`) unless `allow_local` is true.',
      response: { 201: CreatedWebhookSchema, 400: E },
    },
  }, async (req, reply) => reply.code(201).send(await webhooks.create(req.body)));
  r.get('/webhooks', { schema: { tags, summary: 'The subscriptions (secrets never shown)', response: { 200: z.object({ webhooks: z.array(WebhookSchema) }) } } },
    async () => ({ webhooks: await webhooks.list() }));
  r.get('/webhooks/:id', { schema: { tags, summary: 'One subscription', params: IdParams, response: { 200: WebhookSchema, 404: E } } },
    async (req) => webhooks.get(req.params.id));
  r.patch('/webhooks/:id', {
    schema: { tags, summary: 'Change a subscription (URL, events, active, allow_local)', params: IdParams, body: PatchWebhookSchema, response: { 200: WebhookSchema, 400: E, 404: E } },
  }, async (req) => webhooks.patch(req.params.id, req.body));
  r.delete('/webhooks/:id', { schema: { tags, summary: 'Remove a subscription and its delivery log', params: IdParams, response: { 204: z.null(), 404: E } } },
    async (req, reply) => {
      await webhooks.delete(req.params.id);
      return reply.code(204).send(null);
    });
  r.post('/webhooks/:id/test', {
    schema: { tags, summary: 'Send a test event now (`webhook.test`) and answer its delivery', params: IdParams, body: ActionBodySchema, response: { 200: DeliverySchema, 404: E } },
  }, async (req) => webhooks.sendTest(req.params.id));
  r.get('/webhooks/:id/deliveries', {
    schema: {
      tags, summary: 'The delivery log, newest first: state, attempts, response code', params: IdParams, querystring: DeliveriesQuerySchema,
      response: { 200: z.object({ deliveries: z.array(DeliverySchema), next_cursor: z.string().nullable() }), 400: E, 404: E },
    },
  }, async (req) => webhooks.deliveries(req.params.id, req.query.limit, req.query.cursor));
}
