import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

// The history module's table (migration 0011): one row per change to an item or an order.
export type HistoryTables = {
  history: {
    id: string;
    at: string;
    entity: 'item' | 'order';
    entity_id: string;
    /** The item concerned (an order's item too), so an item's page shows its whole story in one lookup. */
    item_id: string | null;
    type: string;
    actor: string;
    title: string | null;
    /** JSON: { field: { from, to } } in the API's shape. */
    changes: string;
  };
};

export type HistoryDb = Kysely<Database & HistoryTables>;
export const historyDb = (db: Kysely<Database>): HistoryDb => db.withTables<HistoryTables>();
export type HistoryRow = HistoryTables['history'];
