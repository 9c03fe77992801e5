import type { AppModule } from '../module.ts';
import { draftCreatedLine, duplicateLine, priceDroppedLine } from './console-lines.ts';
import { eventsRoutes } from './events.routes.ts';

const unsubscribers = new WeakMap<object, (() => void)[]>();

export const notificationsModule: AppModule = {
  name: 'notifications',
  setup(ctx) {
    if (!ctx.config.NOTIFY_CONSOLE) return;
    unsubscribers.set(ctx, [
      ctx.events.on('draft.created', (e) => ctx.notify(draftCreatedLine(e.data))),
      ctx.events.on('price.dropped', (e) => ctx.notify(priceDroppedLine(e.data))),
      ctx.events.on('duplicate.detected', (e) => ctx.notify(duplicateLine(e.data))),
    ]);
  },
  routes: eventsRoutes,
  teardown(ctx) {
    for (const off of unsubscribers.get(ctx) ?? []) off();
  },
};
