import type { EventEnvelope } from '../../platform/events.ts';

// Which platform events become history entries, and how. Pure: no I/O (the service adds titles and writes).

export const HISTORY_TYPES = ['created', 'edited', 'price_changed', 'status_changed', 'deleted', 'order_shipped'] as const;
export type HistoryType = (typeof HISTORY_TYPES)[number];

/** Who or what made a change, in the seller's terms, from the reason the stock records with it. */
const ACTORS: Record<string, string> = {
  manual: 'seller', sold: 'seller', merged: 'seller', ingest: 'seller', template: 'seller',
  automatic_drop: 'price_drop', import: 'import', bulk: 'bulk', bulk_edit: 'bulk', extension: 'extension',
  vinted_publish: 'vinted', vinted: 'vinted', purge: 'maintenance', order: 'order',
};
export const ACTOR_NAMES = ['seller', 'price_drop', 'import', 'bulk', 'extension', 'vinted', 'maintenance', 'order'] as const;
export const actorOf = (by: string | undefined): string => (by ? (ACTORS[by] ?? by) : 'seller');

export interface PendingEntry {
  at: string;
  entity: 'item' | 'order';
  entity_id: string;
  item_id: string | null;
  type: HistoryType;
  actor: string;
  title: string | null;
  changes: Record<string, { from: unknown; to: unknown }>;
}

/** The entry an event makes, or null (an edit that changed nothing, an event history does not keep). */
export function entryFor(e: EventEnvelope): PendingEntry | null {
  const item = (id: string, type: HistoryType, actor: string, title: string | null, changes: PendingEntry['changes'] = {}): PendingEntry =>
    ({ at: e.at, entity: 'item', entity_id: id, item_id: id, type, actor, title, changes });
  switch (e.type) {
    case 'item.created': {
      const d = e.data as EventEnvelope<'item.created'>['data'];
      return item(d.item_id, 'created', actorOf(d.by), d.title);
    }
    case 'item.updated': {
      const d = e.data as EventEnvelope<'item.updated'>['data'];
      const changes = d.changes ?? {};
      const keys = Object.keys(changes);
      if (keys.length === 0) return null;
      // `item.status_changed` comes with the same change: recorded here once, with every field it touched.
      const type: HistoryType = keys.includes('status') ? 'status_changed' : keys.includes('price') ? 'price_changed' : 'edited';
      return item(d.item_id, type, actorOf(d.by), null, changes);
    }
    case 'price.dropped': {
      // The automatic drop writes in bulk, without `item.updated`: its own event is its history.
      const d = e.data as EventEnvelope<'price.dropped'>['data'];
      return item(d.item_id, 'price_changed', 'price_drop', d.title, { price: { from: d.old_price, to: d.new_price }, rule: { from: null, to: d.rule } });
    }
    case 'item.deleted': {
      const d = e.data as EventEnvelope<'item.deleted'>['data'];
      return item(d.item_id, 'deleted', 'seller', null);
    }
    case 'order.shipped': {
      const d = e.data as EventEnvelope<'order.shipped'>['data'];
      return {
        at: e.at, entity: 'order', entity_id: d.order_id, item_id: d.item_id, type: 'order_shipped', actor: 'seller', title: null,
        changes: { status: { from: null, to: 'shipped' }, carrier: { from: null, to: d.carrier }, tracking_number: { from: null, to: d.tracking_number } },
      };
    }
    default:
      return null;
  }
}
