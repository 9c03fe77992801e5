import { EventEmitter } from 'node:events';

// The events services emit. Subscribers: console notifications, the SSE stream, and later webhooks.
export interface AppEvents {
  'draft.created': { item_id: string; title: string; target_price: number | null };
  'item.created': { item_id: string; title: string };
  'item.updated': { item_id: string; fields: string[] };
  'item.deleted': { item_id: string };
  'item.status_changed': { item_id: string; title: string; from: string; to: string };
  'item.sold': { item_id: string; title: string; sold_price: number | null };
  'price.dropped': { item_id: string; title: string; old_price: number; new_price: number; rule: string };
  'duplicate.detected': { item_id: string; title: string; matches: { item_id: string; reason: string; score: number }[] };
  'job.progress': { job_id: string; kind: string; state: string; progress: Record<string, unknown> };
  'publish.result': { item_id: string | null; ok: boolean; needs_manual?: boolean; reason?: string };
}

export type EventName = keyof AppEvents;
export interface EventEnvelope<K extends EventName = EventName> {
  type: K;
  at: string;
  data: AppEvents[K];
}

export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // The SSE stream adds one listener per open browser tab.
    this.emitter.setMaxListeners(0);
  }

  emit<K extends EventName>(type: K, data: AppEvents[K]): void {
    const envelope: EventEnvelope<K> = { type, at: new Date().toISOString(), data };
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
