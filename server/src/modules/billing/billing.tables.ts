import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

// Row types of the billing tables (migration 0024-billing), kept beside the module.

/** A user's Stripe customer and subscription state. Owned: the owner-scope plugin scopes it to the request's user. */
export interface BillingAccountsTable {
  owner_id: string;
  stripe_customer_id: string;
  subscription_id: string | null;
  /** The plan id of STRIPE_PLANS the subscription's price maps to; null when the price is not (or no longer) one of them. */
  plan: string | null;
  price_id: string | null;
  /** Stripe's subscription status (active, trialing, past_due, canceled, unpaid…); null before any subscription. */
  status: string | null;
  current_period_end: string | null;
  cancel_at_period_end: number;
  /** `created` (seconds) of the event that set this state. */
  state_at: number | string; // bigint: PostgreSQL's driver gives a string
  updated_at: string;
}

/** Stripe events seen, by id: the record that makes a repeated delivery change nothing. Not scoped (platform record). */
export interface BillingEventsTable {
  id: string;
  type: string;
  created: number | string;
  user_id: string | null;
  outcome: string;
  received_at: string;
}

export type BillingTables = { billing_accounts: BillingAccountsTable; billing_events: BillingEventsTable };
export type BillingDb = Kysely<Database & BillingTables>;
export const billingDb = (db: Kysely<Database>): BillingDb => db.withTables<BillingTables>();
export const billingTrx = (t: Transaction<Database>): Transaction<Database & BillingTables> => t.withTables<BillingTables>();
