import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import type { BillingSettings, Plan } from './billing-settings.ts';

// The parts of Stripe's events billing reads, checked with a schema rather than trusted: a signed body is Stripe's,
// but a shape we do not expect must be refused cleanly (400, nothing written) rather than half-applied. Objects
// carry many more fields; only these are read (unknown keys pass). Pure: no I/O.

/** Events that change a plan; every other type is acknowledged and ignored. */
export const HANDLED_EVENTS = new Set(['checkout.session.completed', 'customer.subscription.created', 'customer.subscription.updated', 'customer.subscription.deleted']);

const Id = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[A-Za-z0-9_]{1,250}$`));
/** A reference Stripe sends as an id, or as the object itself when expanded. */
const Ref = (prefix: string) => z.union([Id(prefix), z.object({ id: Id(prefix) }).transform((o) => o.id)]);

const EventSchema = z.object({
  id: Id('evt'),
  type: z.string().min(1).max(120),
  created: z.number().int().positive(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});
export type StripeEvent = z.infer<typeof EventSchema>;

const Metadata = z.record(z.string(), z.string()).optional();

const CheckoutSessionSchema = z.object({
  id: Id('cs'),
  mode: z.string(),
  client_reference_id: z.string().max(200).nullish(),
  customer: Ref('cus').nullish(),
  subscription: Ref('sub').nullish(),
  metadata: Metadata.nullable(),
});
export type CheckoutSession = z.infer<typeof CheckoutSessionSchema>;

export const SubscriptionSchema = z.object({
  id: Id('sub'),
  customer: Ref('cus'),
  status: z.string().min(1).max(40),
  cancel_at_period_end: z.boolean().optional(),
  // Before Stripe's 2025-03-31 API version the period end was on the subscription; since, on each item.
  current_period_end: z.number().int().nullish(),
  items: z.object({
    data: z.array(z.object({ price: z.object({ id: z.string().max(255) }), current_period_end: z.number().int().nullish() })).max(100),
  }),
  metadata: Metadata.nullable(),
});
export type Subscription = z.infer<typeof SubscriptionSchema>;

const malformed = (what: string) => new AppError(400, 'stripe_event_malformed', `The Stripe event is not one this server can read: ${what}`);

/** The event from the verified raw body; 400 `stripe_event_malformed` when it is not JSON or not an event. */
export function parseEvent(raw: Buffer): StripeEvent {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw malformed('the body is not JSON');
  }
  const parsed = EventSchema.safeParse(json);
  if (!parsed.success) throw malformed(`${parsed.error.issues[0]?.path.join('.') || 'the event'} is missing or of the wrong type`);
  return parsed.data;
}

export function parseObject<T>(schema: z.ZodType<T>, event: StripeEvent): T {
  const parsed = schema.safeParse(event.data.object);
  if (!parsed.success) throw malformed(`data.object.${parsed.error.issues[0]?.path.join('.') ?? ''} is missing or of the wrong type`);
  return parsed.data;
}

export const checkoutSessionOf = (event: StripeEvent) => parseObject(CheckoutSessionSchema, event);
export const subscriptionOf = (event: StripeEvent) => parseObject(SubscriptionSchema, event);

/**
 * Statuses under which the plan's quotas apply. `past_due`: a renewal failed and Stripe is retrying the card (its
 * Smart Retries, then `unpaid` or `canceled` as the dashboard's settings say): the seller keeps the plan meanwhile,
 * and the account page says the payment is late. Everything else (canceled, unpaid, incomplete, incomplete_expired,
 * paused) falls back to the free plan.
 */
export const GRANTING_STATUSES = new Set(['active', 'trialing', 'past_due']);

export interface SubscriptionState {
  subscriptionId: string;
  customerId: string;
  status: string;
  priceId: string | null;
  /** The plan of STRIPE_PLANS the price maps to; null for a price not among them. */
  plan: Plan | null;
  periodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  /** The user id billing put in the subscription's metadata at Checkout. */
  userHint: string | undefined;
}

export function subscriptionState(sub: Subscription, settings: Pick<BillingSettings, 'plans'>): SubscriptionState {
  const byPrice = new Map(settings.plans.filter((p) => p.price).map((p) => [p.price!, p]));
  const item = sub.items.data.find((i) => byPrice.has(i.price.id)) ?? sub.items.data[0];
  const end = item?.current_period_end ?? sub.current_period_end ?? null;
  return {
    subscriptionId: sub.id,
    customerId: sub.customer,
    status: sub.status,
    priceId: item?.price.id ?? null,
    plan: item ? (byPrice.get(item.price.id) ?? null) : null,
    periodEnd: end ? new Date(end * 1000).toISOString() : null,
    cancelAtPeriodEnd: sub.cancel_at_period_end ?? false,
    userHint: sub.metadata?.user_id,
  };
}
