import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app.ts';

/** A promise and the function that settles it: jobs and tests wait on each other's steps, never on a clock. */
function signal<T = void>() {
  let fire!: (v: T) => void;
  const fired = new Promise<T>((r) => (fire = r));
  return { fired, fire };
}

describe('job runner', () => {
  it('runs a job to completion with progress events and a stored result', async () => {
    const t = await createTestApp();
    try {
      const seen: string[] = [];
      t.ctx.events.on('job.progress', (e) => seen.push(`${e.data.state}:${JSON.stringify(e.data.progress)}`));
      t.ctx.jobs.register<{ n: number }>('count', async (ctx) => {
        for (let i = 1; i <= ctx.payload.n; i++) await ctx.progress({ done: i, total: ctx.payload.n });
        return { sum: (ctx.payload.n * (ctx.payload.n + 1)) / 2 };
      });
      const job = await t.ctx.jobs.enqueue('count', { n: 3 });
      await t.ctx.jobs.idle();
      const done = await t.ctx.jobRuns.get(job.id);
      expect(done).toMatchObject({ state: 'completed', result: { sum: 6 }, progress: { done: 3, total: 3 }, attempts: 1 });
      expect(done!.finished_at).not.toBeNull();
      expect(seen[0]).toBe('queued:{}');
      expect(seen).toContain('running:{"done":2,"total":3}');
      expect(seen.at(-1)).toBe('completed:{"done":3,"total":3}');
    } finally {
      await t.close();
    }
  });

  it('keeps the last progress a handler reported, even when it reports from several tasks at once', async () => {
    const t = await createTestApp();
    try {
      const seen: number[] = [];
      t.ctx.events.on('job.progress', (e) => e.data.state === 'running' && seen.push(Number(e.data.progress.done)));
      // Like a studio batch rendering photos in parallel: every task reports without waiting for the others.
      t.ctx.jobs.register<{ n: number }>('parallel', async (ctx) => {
        await Promise.all(Array.from({ length: ctx.payload.n }, (_, i) => ctx.progress({ done: i + 1, total: ctx.payload.n })));
      });
      const job = await t.ctx.jobs.enqueue('parallel', { n: 40 });
      await t.ctx.jobs.idle();
      expect(await t.ctx.jobRuns.get(job.id)).toMatchObject({ state: 'completed', progress: { done: 40, total: 40 } });
      expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    } finally {
      await t.close();
    }
  });

  it('records a failure with its message and keeps running other jobs', async () => {
    const t = await createTestApp();
    try {
      t.ctx.jobs.register('boom', async () => {
        throw new Error('disk full');
      });
      t.ctx.jobs.register('ok', async () => 'fine');
      const bad = await t.ctx.jobs.enqueue('boom', {});
      const good = await t.ctx.jobs.enqueue('ok', {});
      await t.ctx.jobs.idle();
      expect(await t.ctx.jobRuns.get(bad.id)).toMatchObject({ state: 'failed', error: 'disk full' });
      expect(await t.ctx.jobRuns.get(good.id)).toMatchObject({ state: 'completed', result: 'fine' });
    } finally {
      await t.close();
    }
  });

  it.skipIf(!!process.env.REDIS_URL)('logs a job whose failure cannot even be recorded, and keeps the process going', async () => {
    const t = await createTestApp();
    try {
      t.ctx.jobs.register('db-gone', async () => {
        // The database goes away under the job: its failure cannot be written either.
        await t.ctx.database.close();
        throw new Error('disk full');
      });
      await t.ctx.jobs.enqueue('db-gone', {});
      await t.ctx.jobs.idle();
      const logged = t.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'job runner failed');
      expect(logged).toBeDefined();
      expect(logged.err.message).toMatch(/closed|destroy/i);
    } finally {
      await t.app.close();
      await t.ctx.jobs.stop();
    }
  });

  it('never runs more jobs at once than its concurrency', async () => {
    const t = await createTestApp({ JOB_CONCURRENCY: '2' });
    try {
      let running = 0;
      let peak = 0;
      // Each job holds its slot until the test releases it, so the runner is seen with both slots taken.
      const held: (() => void)[] = [];
      const starts = Array.from({ length: 6 }, () => signal());
      t.ctx.jobs.register('held', async () => {
        running++;
        peak = Math.max(peak, running);
        const release = signal();
        starts[held.push(release.fire) - 1].fire();
        await release.fired;
        running--;
      });
      for (let i = 0; i < 6; i++) await t.ctx.jobs.enqueue('held', {});
      await starts[1].fired;
      expect(running).toBe(2);
      expect(await t.ctx.jobs.stats()).toEqual({ pending: 4, running: 2 });
      // Releasing one job lets exactly one more start.
      for (let next = 2; next < 6; next++) {
        held[next - 2]();
        await starts[next].fired;
        expect(running).toBe(2);
      }
      held[4]();
      held[5]();
      await t.ctx.jobs.idle();
      expect(held).toHaveLength(6);
      expect(peak).toBe(2);
    } finally {
      await t.close();
    }
  });

  it('cancels a running job, which stops at its next check', async () => {
    const t = await createTestApp();
    try {
      let steps = 0;
      const third = signal();
      t.ctx.jobs.register('long', async (ctx) => {
        for (let i = 0; i < 200; i++) {
          if (await ctx.cancelled()) return { stopped_at: i };
          steps++;
          // Mid-way through the third step the seller cancels: the step finishes, the next check stops the job.
          if (i === 2) {
            const aborted = new Promise((r) => ctx.signal.addEventListener('abort', r, { once: true }));
            third.fire();
            await aborted;
          }
        }
      });
      const job = await t.ctx.jobs.enqueue('long', {});
      await third.fired;
      expect(await t.ctx.jobs.cancel(job.id)).toBe(true);
      await t.ctx.jobs.idle();
      expect((await t.ctx.jobRuns.get(job.id))!.state).toBe('cancelled');
      expect(steps).toBe(3);
      expect(await t.ctx.jobs.cancel(job.id)).toBe(false);
    } finally {
      await t.close();
    }
  });

  it('resumes unfinished runs after a restart, from where they stopped', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-jobs-'));
    // First process: the job checkpoints its progress, then the process stops mid-way.
    const first = await createTestApp({}, { dataDir, keepData: true });
    const gate = signal();
    const checkpointed = signal();
    first.ctx.jobs.register<{ items: number }>('resumable', async (ctx) => {
      const start = Number(ctx.job.progress.done ?? 0);
      for (let i = start; i < ctx.payload.items; i++) {
        if (ctx.signal.aborted) return;
        await ctx.progress({ done: i + 1 });
        if (i === 1) {
          checkpointed.fire();
          await gate.fired;
        }
      }
      return { resumed_from: start };
    });
    const job = await first.ctx.jobs.enqueue('resumable', { items: 5 });
    await checkpointed.fired;
    expect((await first.ctx.jobRuns.get(job.id))!.progress).toMatchObject({ done: 2 });
    const stopping = first.ctx.jobs.stop();
    gate.fire();
    await stopping;
    expect((await first.ctx.jobRuns.get(job.id))!.state).toBe('running');
    await first.close();

    // Second process on the same data: the run is picked up again and continues from its checkpoint.
    const second = await createTestApp({}, { dataDir, pgSchema: first.pgSchema, runJobs: false });
    try {
      second.ctx.jobs.register<{ items: number }>('resumable', async (ctx) => {
        const start = Number(ctx.job.progress.done ?? 0);
        for (let i = start; i < ctx.payload.items; i++) await ctx.progress({ done: i + 1 });
        return { resumed_from: start };
      });
      await second.ctx.jobs.start();
      await second.ctx.jobs.idle();
      const done = await second.ctx.jobRuns.get(job.id);
      expect(done).toMatchObject({ state: 'completed', progress: { done: 5 }, attempts: 2 });
      expect((done!.result as { resumed_from: number }).resumed_from).toBe(2);
    } finally {
      await second.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
