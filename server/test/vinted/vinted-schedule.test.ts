import { describe, expect, it } from 'vitest';
import { QUEUE_TASK } from '../../src/modules/vinted/index.ts';
import { createTestApp } from '../helpers/test-app.ts';

// On its own file (its own process): croner job names are global to a process, so two apps cannot arm the same
// scheduled tasks side by side.

describe('schedule', () => {
  it('arms the queue every 30 s on the scheduler, counted by /health', async () => {
    const t = await createTestApp();
    try {
      const armed = t.ctx.scheduler.armed().filter((a) => a.name.startsWith(QUEUE_TASK));
      expect(armed.map((a) => a.name)).toEqual([`${QUEUE_TASK}@00s`, `${QUEUE_TASK}@30s`]);
      const next = armed.map((a) => new Date(a.next_run!).getUTCSeconds()).sort((x, y) => x - y);
      expect(next).toEqual([0, 30]);
      const health = (await t.app.inject({ method: 'GET', url: '/health' })).json();
      expect(health.scheduler_jobs).toBe(t.ctx.scheduler.armed().length);
      expect(health.scheduler_jobs).toBeGreaterThanOrEqual(2);
    } finally {
      await t.close();
    }
  });
});
