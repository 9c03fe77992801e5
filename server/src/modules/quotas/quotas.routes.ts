import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import { requireAdmin, requireCaller } from '../../platform/security/account-auth.ts';
import type { AccountsService } from '../accounts/index.ts';
import { QUOTA_METRICS, type QuotasService } from './quotas.service.ts';

// GET /auth/quotas (my quotas, beside my sessions and tokens) and the admin's GET/PUT /admin/users/{id}/quotas.
// In single-seller mode each answers like an unknown address (requireCaller/requireAdmin), as the accounts routes do.

const E = ErrorResponseSchema;
const IdParams = z.object({ id: z.string().min(1).max(64) });
const Limit = (max: number) => z.number().int().min(0).max(max).nullable();

const QuotaLineSchema = z.object({
  metric: z.enum(QUOTA_METRICS),
  limit: z.number().int().nullable().describe('null: no limit'),
  used: z.number().int().nullable().describe('This month for listings and analyses; now for storage (bytes); null when not measured (not measured by this install)'),
  remaining: z.number().int().nullable(),
}).meta({ id: 'QuotaLine' });
const QuotaOverviewSchema = z.object({
  period: z.string().describe('The month counted, YYYY-MM in the server\'s time zone'),
  period_start: z.string(),
  quotas: z.array(QuotaLineSchema),
}).meta({ id: 'QuotaOverview' });
const QuotaLimitsSchema = z.object({
  listings: Limit(10_000_000).describe('Listings created per month'),
  analyses: Limit(10_000_000).describe('LLM analyses per month'),
  storage_bytes: Limit(Number.MAX_SAFE_INTEGER).describe('Photo storage, bytes'),
  vinted_accounts: Limit(1000).describe('Vinted accounts a user may have (each with its own session); adding one past it answers 402'),
}).meta({ id: 'QuotaLimits' });

export function quotasRoutes(app: FastifyInstance, quotas: QuotasService, accounts: AccountsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // Before the body is validated: single-seller mode answers these as unknown addresses, and so do the admin's to
  // anyone but an admin, whatever they send (as the accounts routes do).
  app.addHook('preValidation', async (req) => {
    if (!quotas.enabled || req.url.startsWith('/admin/')) requireAdmin(req);
  });

  r.get('/auth/quotas', {
    schema: {
      tags: ['auth'], summary: 'My quotas: limits, used and remaining',
      description: 'Set by the admin; null is no limit. Going past one answers 402 `quota_exceeded` (details: quota, limit, used); metered answers carry `X-Quota-<Name>-Remaining`.',
      response: { 200: QuotaOverviewSchema, 404: E },
    },
  }, async (req) => quotas.overview(requireCaller(req).user.id));

  r.get('/admin/users/:id/quotas', {
    schema: { tags: ['admin'], summary: 'A user\'s quotas and use', params: IdParams, response: { 200: QuotaOverviewSchema, 404: E } },
  }, async (req) => {
    requireAdmin(req);
    await accounts.user(req.params.id);
    return quotas.overview(req.params.id);
  });

  r.put('/admin/users/:id/quotas', {
    schema: {
      tags: ['admin'], summary: 'Set a user\'s quotas',
      description: 'Every limit named is set (null lifts it); those not named stay. Takes effect at once, this month\'s use included.',
      params: IdParams, body: QuotaLimitsSchema.partial().strict(), response: { 200: QuotaOverviewSchema, 404: E },
    },
  }, async (req) => {
    requireAdmin(req);
    await accounts.user(req.params.id);
    await quotas.setLimits(req.params.id, req.body);
    return quotas.overview(req.params.id);
  });
}
