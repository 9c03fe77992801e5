import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { type DeliveryRow, type WebhookRow, webhooksDb, type WebhooksDb } from './webhooks.tables.ts';

/** SQL for the `webhooks` and `webhook_deliveries` tables. */
export class WebhooksRepository {
  private readonly db: WebhooksDb;

  constructor(db: Kysely<Database>) {
    this.db = webhooksDb(db);
  }

  async insert(row: WebhookRow): Promise<void> {
    await this.db.insertInto('webhooks').values(row).execute();
  }

  async update(id: string, patch: Partial<WebhookRow>): Promise<boolean> {
    const r = await this.db.updateTable('webhooks').set(patch).where('id', '=', id).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async get(id: string): Promise<WebhookRow | null> {
    return (await this.db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
  }

  list(): Promise<WebhookRow[]> {
    return this.db.selectFrom('webhooks').selectAll().orderBy('created_at').orderBy('id').execute();
  }

  /** Deletes the subscription and (cascade, done by hand too for SQLite without foreign keys) its delivery log. */
  async delete(id: string): Promise<boolean> {
    return this.db.transaction().execute(async (t) => {
      await t.deleteFrom('webhook_deliveries').where('webhook_id', '=', id).execute();
      const r = await t.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    });
  }

  /** Active subscriptions to `event` (the list is a JSON array of names, quoted, so a prefix never matches). */
  subscribedTo(event: string): Promise<WebhookRow[]> {
    return this.db.selectFrom('webhooks').selectAll().where('active', '=', 1).where('events', 'like', `%"${event}"%`).execute();
  }

  async insertDeliveries(rows: DeliveryRow[]): Promise<void> {
    if (rows.length) await this.db.insertInto('webhook_deliveries').values(rows).execute();
  }

  async delivery(id: string): Promise<DeliveryRow | null> {
    return (await this.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
  }

  async updateDelivery(id: string, patch: Partial<DeliveryRow>): Promise<void> {
    await this.db.updateTable('webhook_deliveries').set(patch).where('id', '=', id).execute();
  }

  /** Moves a due retry to `queued`; false when another process (or an earlier tick) already took it. */
  async claimRetry(id: string): Promise<boolean> {
    const r = await this.db.updateTable('webhook_deliveries').set({ state: 'queued' }).where('id', '=', id).where('state', '=', 'retrying').executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async dueRetries(now: string, limit: number): Promise<string[]> {
    const rows = await this.db.selectFrom('webhook_deliveries').select('id').where('state', '=', 'retrying').where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at').limit(limit).execute();
    return rows.map((r) => r.id);
  }

  async earliestRetry(): Promise<string | null> {
    const r = await this.db.selectFrom('webhook_deliveries').select((eb) => eb.fn.min('next_attempt_at').as('at')).where('state', '=', 'retrying').executeTakeFirst();
    return (r?.at as string | null | undefined) ?? null;
  }

  /** A subscription's delivery log, newest first, paged by (created_at, id). */
  deliveries(webhookId: string, limit: number, before?: { at: string; id: string }): Promise<DeliveryRow[]> {
    let q = this.db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId);
    if (before) {
      q = q.where((eb) => eb.or([eb('created_at', '<', before.at), eb.and([eb('created_at', '=', before.at), eb('id', '<', before.id)])]));
    }
    return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }
}
