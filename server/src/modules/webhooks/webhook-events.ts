import type { EventBus } from '../../platform/events.ts';

// The events a seller can subscribe to, and the platform events they come from. Subscribed by name: an event whose
// source is not emitted yet (order.shipped before the orders module) simply never fires.
export const WEBHOOK_EVENTS = ['listing.created', 'listing.published', 'price.dropped', 'item.sold', 'order.shipped', 'bulk.completed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
/** What "send a test" sends. */
export const TEST_EVENT = 'webhook.test';

export type Forward = (event: WebhookEvent, data: Record<string, unknown>) => void;

/** Subscribes to the platform events and forwards each as its webhook event; answers the unsubscribe function. */
export function forwardPlatformEvents(events: EventBus, forward: Forward): () => void {
  const offs = [
    events.on('item.created', (e) => forward('listing.created', { item_id: e.data.item_id, title: e.data.title, by: e.data.by ?? null })),
    events.on('publish.result', (e) => {
      if (e.data.ok && e.data.item_id) forward('listing.published', { item_id: e.data.item_id });
    }),
    events.on('price.dropped', (e) => forward('price.dropped', { ...e.data })),
    events.on('item.sold', (e) => forward('item.sold', { ...e.data })),
    events.on('order.shipped', (e) => forward('order.shipped', { ...e.data })),
    // A bulk photo job done: its groups are ready to plan.
    events.on('job.progress', (e) => {
      if (e.data.state === 'completed' && e.data.kind.startsWith('bulk.')) forward('bulk.completed', { job_id: e.data.job_id, kind: e.data.kind, progress: e.data.progress });
    }),
  ];
  return () => offs.forEach((off) => off());
}
