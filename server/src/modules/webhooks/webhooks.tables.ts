import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

// The webhooks module's tables (migration 0011).
export type WebhooksTables = {
  webhooks: {
    id: string;
    url: string;
    /** JSON array of the subscribed event names. */
    events: string;
    description: string | null;
    /** The signing secret sealed with the platform secret box; never answered after creation. */
    secret_sealed: string;
    /** The secret's last characters, so the seller can tell which one a receiver holds. */
    secret_hint: string;
    allow_local: number;
    active: number;
    created_at: string;
    updated_at: string;
  };
  webhook_deliveries: {
    id: string;
    webhook_id: string;
    event: string;
    /** The exact JSON body sent (the signature covers these bytes). */
    payload: string;
    state: DeliveryState;
    attempts: number;
    response_code: number | null;
    error: string | null;
    test: number;
    next_attempt_at: string | null;
    first_attempt_at: string | null;
    last_attempt_at: string | null;
    created_at: string;
  };
};

/** queued: a job will attempt it; retrying: waiting for next_attempt_at; delivered (2xx) and failed are final. */
export type DeliveryState = 'queued' | 'retrying' | 'delivered' | 'failed';

export type WebhooksDb = Kysely<Database & WebhooksTables>;
export const webhooksDb = (db: Kysely<Database>): WebhooksDb => db.withTables<WebhooksTables>();
export type WebhookRow = WebhooksTables['webhooks'];
export type DeliveryRow = WebhooksTables['webhook_deliveries'];
