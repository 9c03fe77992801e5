// Notifications: the console lines sellers know (🧠 new draft, 💸 price drop, ⚠️ duplicate), one subscriber of the
// app's events, and GET /events, the live stream (SSE) of every event for the web app (in accounts mode, of the
// connection's own owner only). Owns no table and
// provides no service.
//
// Public surface: everything another module or the app may use is exported here, nothing else is imported from
// this folder from outside it.
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.ts';
import { defineModule } from '../../platform/modules/module.ts';
import { draftCreatedLine, duplicateLine, priceDroppedLine } from './console-lines.ts';
import { eventsRoutes } from './events.routes.ts';

export const notificationsModule = defineModule({
  name: 'notifications',
  needs: [],
  provides: [],
  create(platform: Platform, _deps: Record<never, never>) {
    const { events, notify } = platform;
    const unsubscribe = platform.config.NOTIFY_CONSOLE
      ? [
          events.on('draft.created', (e) => notify(draftCreatedLine(e.data))),
          events.on('price.dropped', (e) => notify(priceDroppedLine(e.data))),
          events.on('duplicate.detected', (e) => notify(duplicateLine(e.data))),
        ]
      : [];
    return {
      services: {},
      routes: (app: FastifyInstance) => eventsRoutes(app, events, platform.config.AUTH_MODE === 'accounts'),
      stop() {
        for (const off of unsubscribe) off();
      },
    };
  },
});
