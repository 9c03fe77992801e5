import type { Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { ownerScope } from '../../platform/security/owner-scope.ts';
import { nowIso } from '../../platform/time.ts';
import type { QuotaLimits, QuotasService } from '../quotas/index.ts';
import type { BillingSettings, Plan } from './billing-settings.ts';
import type { BillingAccount, BillingRepository } from './billing.repository.ts';
import {
  checkoutSessionOf, GRANTING_STATUSES, HANDLED_EVENTS, parseEvent, type StripeEvent, subscriptionOf, subscriptionState, type SubscriptionState,
} from './stripe-events.ts';
import type { StripeGateway } from './stripe-gateway.ts';
import { verifyStripeSignature } from './stripe-signature.ts';

// Stripe billing (issue 20 point 7): a user subscribes through Stripe Checkout, changes card or cancels in Stripe's
// customer portal, and Stripe's signed events set the user's plan, whose quotas are written through the quotas
// module in the same transaction as the event's record. Stripe is the source of truth: nothing here changes a plan
// but a verified event. Off (every call 404 `billing_not_configured`) unless accounts mode and STRIPE_SECRET_KEY.

export interface BillingView {
  plan: { id: string; name: string };
  /** Stripe's subscription status; null without a subscription. */
  status: string | null;
  current_period_end: string | null;
  cancel_at_period_end: boolean;
  /** True once the user has a Stripe customer: the portal can open. */
  has_customer: boolean;
  plans: { id: string; name: string; purchasable: boolean; quotas: QuotaLimits }[];
}

/** Stripe's statuses of a subscription that will never charge again: nothing to cancel. */
const ENDED_STATUSES = new Set(['canceled', 'incomplete_expired']);

export type WebhookOutcome = 'applied' | 'duplicate' | 'ignored' | 'stale' | 'unknown_customer' | 'unknown_price' | 'other_subscription';

export class BillingService {
  constructor(
    private readonly repo: BillingRepository,
    private readonly quotas: QuotasService,
    private readonly settings: BillingSettings | null,
    private readonly stripe: StripeGateway | null,
    private readonly log: Logger,
    private readonly clock: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.settings !== null;
  }

  private on(): { settings: BillingSettings; stripe: StripeGateway } {
    if (!this.settings || !this.stripe) throw new AppError(404, 'billing_not_configured', 'Billing is not set up on this server: the admin sets quotas by hand');
    return { settings: this.settings, stripe: this.stripe };
  }

  /**
   * Before the admin deletes a person: cancels their subscription at Stripe now, so nobody is charged for an account
   * that is gone. Stripe refusing or unreachable: 502 `subscription_cancel_failed`, and the deletion stops there.
   */
  async cancelForDeletion(ownerId: string): Promise<void> {
    const account = await this.repo.ofOwner(ownerId);
    if (!account?.subscription_id || ENDED_STATUSES.has(account.status ?? '')) return;
    if (!this.stripe) {
      // Billing was turned off since: no key to call Stripe with, and no event would arrive; the admin cancels there.
      this.log.warn({ user_id: ownerId, subscription: account.subscription_id }, 'deleting a user whose Stripe subscription this server cannot cancel (billing is off)');
      return;
    }
    try {
      await this.stripe.cancelSubscription(account.subscription_id);
    } catch {
      throw new AppError(502, 'subscription_cancel_failed', 'Stripe did not cancel this person\'s subscription: nothing was deleted; try again in a moment');
    }
    this.log.info({ event: 'subscription_cancelled', user_id: ownerId, subscription: account.subscription_id }, 'subscription cancelled before the user\'s deletion');
  }

  /** The caller's plan, its state and the plans on offer. */
  async view(): Promise<BillingView> {
    const { settings } = this.on();
    const account = await this.repo.mine();
    const plan = (account?.plan && GRANTING_STATUSES.has(account.status ?? '') ? settings.plans.find((p) => p.id === account.plan) : undefined) ?? settings.free;
    return {
      plan: { id: plan.id, name: plan.name },
      status: account?.status ?? null,
      current_period_end: account?.current_period_end ?? null,
      cancel_at_period_end: !!account?.cancel_at_period_end,
      has_customer: !!account,
      plans: settings.plans.map((p) => ({ id: p.id, name: p.name, purchasable: !!p.price, quotas: p.quotas })),
    };
  }

  /**
   * A Checkout Session for `planId`, for the caller: their Stripe customer (created on the first visit, with their
   * user id in its metadata), the plan's price, and the caller's id as `client_reference_id` so the completed
   * session names them. A user with a live subscription changes plan in the portal instead (409).
   */
  async checkout(user: { id: string; email: string }, planId: string, appUrl: string): Promise<{ url: string }> {
    const { settings, stripe } = this.on();
    const plan = settings.plans.find((p) => p.id === planId && p.price);
    if (!plan) throw new AppError(400, 'billing_plan_unknown', `"${planId.slice(0, 60)}" is not a plan on offer`, { plan: planId.slice(0, 60), plans: settings.plans.filter((p) => p.price).map((p) => p.id) });
    let account = await this.repo.mine();
    if (account && account.subscription_id && account.status && account.status !== 'canceled' && account.status !== 'incomplete_expired') {
      throw new AppError(409, 'billing_already_subscribed', 'You already have a subscription: change plan or cancel it in the billing portal');
    }
    if (!account) {
      const customer = await stripe.createCustomer({ email: user.email, userId: user.id });
      await this.repo.saveCustomer(user.id, customer, nowIso());
      account = await this.repo.mine();
    }
    return stripe.createCheckoutSession({
      customer: account!.stripe_customer_id, userId: user.id, price: plan.price!, planId: plan.id,
      successUrl: `${appUrl}/compte?billing=success`, cancelUrl: `${appUrl}/compte?billing=cancelled`,
    });
  }

  /** A customer-portal session (card, invoices, plan change, cancellation) for the caller's Stripe customer. */
  async portal(appUrl: string): Promise<{ url: string }> {
    const { stripe } = this.on();
    const account = await this.repo.mine();
    if (!account) throw new AppError(409, 'billing_no_customer', 'You have not subscribed yet: choose a plan first');
    return stripe.createPortalSession({ customer: account.stripe_customer_id, returnUrl: `${appUrl}/compte` });
  }

  /**
   * One webhook delivery: verified on its raw bytes, parsed, then applied in one transaction with its record. Any
   * refusal (400) happens before anything is written; a repeated or concurrent delivery of an applied event changes
   * nothing. Runs across owners (system scope): the user is found from the event's customer, and for a completed
   * Checkout from the `client_reference_id` billing set.
   */
  async webhook(raw: Buffer, signature: string | undefined): Promise<{ outcome: WebhookOutcome }> {
    const { settings, stripe } = this.on();
    verifyStripeSignature(raw, signature, settings.webhookSecret, Math.floor(this.clock() / 1000));
    const event = parseEvent(raw);
    if (!HANDLED_EVENTS.has(event.type)) return { outcome: 'ignored' };
    return ownerScope.system(async () => {
      // Read before any call to Stripe: a repeated delivery costs no API call. The insert below is the real guard.
      if (await this.repo.eventSeen(event.id)) return { outcome: 'duplicate' as const };
      const change = await this.changeOf(event, stripe, settings);
      return this.repo.transaction(async (t) => {
        if (!(await this.repo.recordEvent({ id: event.id, type: event.type, created: event.created, received_at: nowIso() }, t))) return { outcome: 'duplicate' as const };
        const { outcome, userId } = await this.apply(event, change, settings, t);
        await this.repo.setOutcome(event.id, outcome, userId, t);
        if (outcome !== 'applied') this.log.warn({ event: event.id, type: event.type, outcome }, 'Stripe event set aside');
        else this.log.info({ event: event.id, type: event.type, user: userId, plan: change.state?.plan?.id ?? null, status: change.state?.status ?? null }, 'billing plan updated');
        return { outcome };
      });
    });
  }

  /** What the event says, read (and for a completed Checkout, the subscription fetched) before the transaction. */
  private async changeOf(event: StripeEvent, stripe: StripeGateway, settings: BillingSettings): Promise<{ state: SubscriptionState | null; customer: string | null; userRef: string | null }> {
    if (event.type === 'checkout.session.completed') {
      const session = checkoutSessionOf(event);
      const customer = session.customer ?? null;
      if (session.mode !== 'subscription' || !session.subscription) return { state: null, customer, userRef: session.client_reference_id ?? null };
      // The session does not carry the price: the subscription, fetched now, does (Stripe's own advice).
      const sub = await stripe.retrieveSubscription(session.subscription);
      return { state: subscriptionState(sub, settings), customer, userRef: session.client_reference_id ?? null };
    }
    const state = subscriptionState(subscriptionOf(event), settings);
    return { state, customer: state.customerId, userRef: state.userHint ?? null };
  }

  private async apply(event: StripeEvent, change: Awaited<ReturnType<BillingService['changeOf']>>, settings: BillingSettings, t: Transaction<Database>): Promise<{ outcome: WebhookOutcome; userId: string | null }> {
    // The customer billing created names the user; a reference that contradicts it is not trusted.
    const account = change.customer ? await this.repo.byCustomer(change.customer, t) : null;
    if (!account || (change.userRef && change.userRef !== account.owner_id)) return { outcome: 'unknown_customer', userId: account?.owner_id ?? null };
    const userId = account.owner_id;
    const state = change.state;
    if (!state) return { outcome: 'ignored', userId };
    if (event.created < account.state_at) return { outcome: 'stale', userId };
    // An old subscription ending does not touch the one the user has now.
    const ended = event.type === 'customer.subscription.deleted';
    const granting = GRANTING_STATUSES.has(state.status) && !ended;
    const status = ended ? 'canceled' : state.status;
    if (account.subscription_id && account.subscription_id !== state.subscriptionId && !granting) return { outcome: 'other_subscription', userId };
    if (granting && !state.plan) {
      this.log.warn({ event: event.id, price: state.priceId }, 'the subscription\'s price is not in STRIPE_PLANS: the user\'s quotas are left as they are');
      await this.writeState(account, state, status, event.created, t);
      return { outcome: 'unknown_price', userId };
    }
    await this.writeState(account, state, status, event.created, t);
    await this.quotas.setLimits(userId, planQuotas(granting ? state.plan! : settings.free), t);
    return { outcome: 'applied', userId };
  }

  private async writeState(account: BillingAccount, s: SubscriptionState, status: string, at: number, t: Transaction<Database>): Promise<void> {
    await this.repo.setState(account.owner_id, {
      subscription_id: s.subscriptionId, plan: s.plan?.id ?? null, price_id: s.priceId, status,
      current_period_end: s.periodEnd, cancel_at_period_end: s.cancelAtPeriodEnd ? 1 : 0,
    }, at, nowIso(), t);
  }
}

const planQuotas = (plan: Plan): QuotaLimits => ({ ...plan.quotas });
