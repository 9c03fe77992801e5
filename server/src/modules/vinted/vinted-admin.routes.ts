import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { badRequest } from '../../platform/errors.ts';
import { ActionBodySchema, ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import { accountScope } from './account-scope.ts';
import type { VintedConnector } from './vinted-connector.ts';
import { PACE, TERMS_NOTICE, TERMS_NOTICE_VERSION } from './vinted-facts.ts';
import { UpdateVintedSettingsSchema, VintedSettingsSchema } from './vinted-settings.ts';
import { LogPageSchema, LogQuerySchema, QueueSchema, StatusSchema } from './vinted.schemas.ts';

// The seller's view and controls: settings (publication off until acknowledged), the publish queue and log,
// the connector's status, and "resume" after a full stop.

const E = ErrorResponseSchema;
const SettingsAnswerSchema = VintedSettingsSchema.extend({ terms_notice: z.string(), current_terms_notice_version: z.string() });

export function vintedAdminRoutes(app: FastifyInstance, v: VintedConnector) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['vinted'];
  const withNotice = <T extends object>(s: T) => ({ ...s, terms_notice: TERMS_NOTICE, current_terms_notice_version: TERMS_NOTICE_VERSION });

  r.get('/vinted/settings', {
    schema: { tags, summary: 'Publication settings, with the Terms notice to read before turning publication on', response: { 200: SettingsAnswerSchema } },
  }, async () => withNotice(await v.deps.settings.get()));

  r.patch('/vinted/settings', {
    schema: {
      tags, summary: 'Change publication settings',
      description: 'Turning publication on needs `acknowledge_terms: true` in the same request: Vinted\'s Terms forbid unauthorised automated tools and the account may be restricted.',
      body: UpdateVintedSettingsSchema, response: { 200: SettingsAnswerSchema, 400: E },
    },
  }, async (req) => withNotice(await v.deps.settings.update(req.body)));

  r.get('/vinted/status', {
    schema: { tags, summary: 'Session, circuit breaker and pace at a glance (never the session itself)', response: { 200: StatusSchema } },
  }, async () => v.admin.status());

  r.post('/vinted/resume', {
    schema: {
      tags, summary: 'Lift the full stop after you checked your account on Vinted',
      description: 'After a captcha, a 403 or a changed form every action stops until you act. A back-off after a 429 from Vinted runs its course.',
      body: ActionBodySchema,
      response: { 200: z.object({ ok: z.literal(true), resumed: z.boolean() }) },
    },
  }, async () => ({ ok: true as const, resumed: await v.deps.guard.resume() }));

  r.get('/vinted/publish/queue', {
    schema: { tags, summary: 'The publish queue: opted-in drafts and where each stands', response: { 200: QueueSchema } },
  }, async () => v.queue.list());

  r.post('/vinted/publish/queue/run', {
    schema: {
      tags, summary: 'Run one pass of the publish queue now (it also runs every 30 s)',
      body: ActionBodySchema,
      response: { 200: z.object({ account_id: z.string().optional().describe('The account whose queue ran (the active one)'), ran: z.boolean(), skipped: z.string().optional(), stopped_by: z.string().optional(), processed: z.array(z.object({ item_id: z.string(), state: z.string(), reason: z.string().optional() })) }) },
    },
  }, async () => v.queue.runOnce(accountScope.current()));

  r.post('/vinted/publish/queue/:item_id/requeue', {
    schema: {
      tags, summary: 'Put an item that waited for you (needs_manual, dead) back in line',
      params: z.object({ item_id: z.uuid() }), body: ActionBodySchema, response: { 200: QueueSchema.shape.items.element, 404: E },
    },
  }, async (req) => v.queue.requeue(req.params.item_id));

  r.get('/vinted/publish/log', {
    schema: { tags, summary: 'Every prepare, publish and draft attempt, newest first', querystring: LogQuerySchema, response: { 200: LogPageSchema, 400: E } },
  }, async (req) => {
    const before = req.query.cursor ? decodeCursor(req.query.cursor) : undefined;
    const { entries, next } = await v.admin.logPage({ limit: req.query.limit, before, item_id: req.query.item_id, action: req.query.action });
    return { account_id: accountScope.current(), entries, next_cursor: next ? Buffer.from(JSON.stringify([next.at, next.id])).toString('base64url') : null };
  });
}

function decodeCursor(s: string): { at: string; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (typeof at !== 'string' || typeof id !== 'string') throw new Error('shape');
    return { at, id };
  } catch {
    throw badRequest('invalid_cursor', 'The cursor is invalid');
  }
}
