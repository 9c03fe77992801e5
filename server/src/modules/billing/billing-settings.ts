import { z } from 'zod';
import { type Config, ConfigError } from '../../config.ts';
import { QUOTA_METRICS, type QuotaMetric } from '../quotas/index.ts';

// Billing's settings, read once at start from STRIPE_* (config.ts checks each value's form; the rules that span
// them are checked here). Billing is on only in accounts mode with STRIPE_SECRET_KEY set: without accounts there is
// nobody to bill (single-seller mode must not change), without the key the admin sets quotas by hand.

export type PlanQuotas = Record<QuotaMetric, number | null>;
export interface Plan {
  id: string;
  name: string;
  /** The Stripe price id (recurring); absent for the free plan. */
  price?: string;
  /** Every metric: a quota left out of the plan is unlimited (null). */
  quotas: PlanQuotas;
}

export interface BillingSettings {
  secretKey: string;
  webhookSecret: string;
  plans: Plan[];
  free: Plan;
  /** Where Stripe's API is, for the SDK's host/port/protocol options (stripe-mock, the tests' fake). */
  api?: { host: string; port: number; protocol: 'http' | 'https' };
}

const Quota = (max: number) => z.number().int().min(0).max(max);
const PlanSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lower-case letters, digits, "_" or "-", at most 40'),
  name: z.string().trim().min(1).max(60),
  price: z.string().regex(/^price_[A-Za-z0-9_]{1,200}$/, 'a Stripe price id (price_…)').optional(),
  quotas: z.object({
    listings: Quota(10_000_000), analyses: Quota(10_000_000), storage_bytes: Quota(Number.MAX_SAFE_INTEGER), vinted_accounts: Quota(1000),
  }).partial().strict(),
}).strict();

/** The billing settings, or null when billing is off; a ConfigError naming the variable when they are wrong. */
export function billingSettings(cfg: Pick<Config, 'AUTH_MODE' | 'STRIPE_SECRET_KEY' | 'STRIPE_WEBHOOK_SECRET' | 'STRIPE_PLANS' | 'STRIPE_API_BASE'>): BillingSettings | null {
  if (cfg.AUTH_MODE !== 'accounts' || !cfg.STRIPE_SECRET_KEY) return null;
  const problems: string[] = [];
  if (!cfg.STRIPE_WEBHOOK_SECRET) problems.push('STRIPE_WEBHOOK_SECRET: required with STRIPE_SECRET_KEY (the signing secret of the webhook endpoint, whsec_…, in Stripe\'s dashboard)');
  const plans = parsePlans(cfg.STRIPE_PLANS, problems);
  if (problems.length) throw new ConfigError(problems);
  return {
    secretKey: cfg.STRIPE_SECRET_KEY,
    webhookSecret: cfg.STRIPE_WEBHOOK_SECRET!,
    plans: plans!,
    free: plans!.find((p) => !p.price)!,
    ...(cfg.STRIPE_API_BASE ? { api: apiAddress(cfg.STRIPE_API_BASE) } : {}),
  };
}

function parsePlans(raw: string | undefined, problems: string[]): Plan[] | undefined {
  if (!raw) {
    problems.push('STRIPE_PLANS: required with STRIPE_SECRET_KEY, e.g. [{"id":"free","name":"Free","quotas":{"listings":20}},{"id":"pro","name":"Pro","price":"price_…","quotas":{"listings":500}}]');
    return undefined;
  }
  const parsed = z.array(PlanSchema).min(2).max(20).safeParse(JSON.parse(raw));
  if (!parsed.success) {
    for (const i of parsed.error.issues) problems.push(`STRIPE_PLANS: ${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`);
    return undefined;
  }
  const list = parsed.data;
  const dup = (key: 'id' | 'price') => list.map((p) => p[key]).filter((v, i, all) => v !== undefined && all.indexOf(v) !== i);
  for (const id of dup('id')) problems.push(`STRIPE_PLANS: the plan id "${id}" is used twice`);
  for (const price of dup('price')) problems.push(`STRIPE_PLANS: the price "${price}" is used by two plans`);
  const free = list.filter((p) => !p.price);
  if (free.length !== 1) problems.push(`STRIPE_PLANS: exactly one plan must have no "price" (the free plan a cancelled subscription falls back to); found ${free.length}`);
  return list.map((p) => ({ ...p, quotas: Object.fromEntries(QUOTA_METRICS.map((m) => [m, p.quotas[m] ?? null])) as PlanQuotas }));
}

function apiAddress(base: string): BillingSettings['api'] {
  const u = new URL(base);
  const protocol = u.protocol === 'http:' ? 'http' : 'https';
  return { host: u.hostname, port: u.port ? Number(u.port) : protocol === 'http' ? 80 : 443, protocol };
}
