import { EventEmitter } from 'node:events';
import { ownerScope } from './security/owner-scope.ts';

// The events services emit. Subscribers: console notifications, the SSE stream, and later webhooks.
export interface AppEvents {
  'draft.created': { item_id: string; title: string; target_price: number | null };
  // `publish_opt_in`: the seller asked for it to be published on Vinted (the publish queue binds such drafts).
  'item.created': { item_id: string; title: string; by?: string; publish_opt_in: boolean };
  // `by`: who or what made the change (history records it): seller, price_drop, import, extension, bulk, vinted…
  // `changes`: the edited fields' values before and after, in the API's shape (euros).
  'item.updated': { item_id: string; fields: string[]; by?: string; changes?: Record<string, { from: unknown; to: unknown }> };
  'item.deleted': { item_id: string };
  'item.status_changed': { item_id: string; title: string; from: string; to: string };
  'item.sold': { item_id: string; title: string; sold_price: number | null };
  'price.dropped': { item_id: string; title: string; old_price: number; new_price: number; rule: string };
  'duplicate.detected': { item_id: string; title: string; matches: { item_id: string; reason: string; score: number; check?: 'hash' | 'lookalike' }[] };
  'job.progress': { job_id: string; kind: string; state: string; progress: Record<string, unknown> };
  'publish.result': { item_id: string | null; ok: boolean; needs_manual?: boolean; reason?: string };
  // Emitted by the orders module (issue 18) when an order moves to shipped; webhooks forward it as `order.shipped`.
  'order.shipped': { order_id: string; item_id: string; carrier: string | null; tracking_number: string | null };
  // The sales ledger (modules/orders): a sale recorded (by the seller, the extension, an import), and every change of status.
  'order.recorded': { order_id: string; item_id: string; sale_price: number; platform: string; source: string };
  'order.status_changed': { order_id: string; item_id: string; from: string; to: string };
}

export type EventName = keyof AppEvents;
export interface EventEnvelope<K extends EventName = EventName> {
  type: K;
  at: string;
  data: AppEvents[K];
  /**
   * Whose data the event is about: the owner scope current when it was emitted (issue 20), undefined when emitted
   * outside any owner's work (a system sweep, a test). Not part of what the SSE stream or webhooks send: the live
   * stream uses it to deliver each person only their own events.
   */
  owner?: string;
}

export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // The SSE stream adds one listener per open browser tab.
    this.emitter.setMaxListeners(0);
  }

  emit<K extends EventName>(type: K, data: AppEvents[K]): void {
    const owner = ownerScope.current();
    const envelope: EventEnvelope<K> = { type, at: new Date().toISOString(), data, ...(owner !== undefined ? { owner } : {}) };
    this.emitter.emit(type, envelope);
    this.emitter.emit('*', envelope);
  }

  on<K extends EventName>(type: K, fn: (e: EventEnvelope<K>) => void): () => void {
    this.emitter.on(type, fn as (e: unknown) => void);
    return () => this.emitter.off(type, fn as (e: unknown) => void);
  }

  onAny(fn: (e: EventEnvelope) => void): () => void {
    this.emitter.on('*', fn);
    return () => this.emitter.off('*', fn);
  }
}
