import type { Logger } from 'pino';
import type { EventBus } from '../events.ts';
import type { JobContext, JobHandler, JobQueue } from './job-queue.ts';
import type { JobRun, JobRunsRepository } from './job-runs.repository.ts';
import { ownerScope } from '../security/owner-scope.ts';
import { orderedProgress } from './ordered-progress.ts';

/**
 * Runs jobs in this process with bounded concurrency. Every state lives in the job_runs row, so a run
 * interrupted by a crash or a restart is picked up again at the next start (handlers are written to resume).
 */
export class EmbeddedJobQueue implements JobQueue {
  readonly driver = 'embedded' as const;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly waiting: string[] = [];
  private readonly running = new Map<string, AbortController>();
  private started = false;
  private stopping = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly repo: JobRunsRepository,
    private readonly events: EventBus,
    private readonly log: Logger,
    private readonly concurrency: number,
    /** Only these kinds run here (the command line runs its own bulk job, never a price drop); default all. */
    private readonly only?: readonly string[],
  ) {}

  private runsHere(kind: string) {
    return !this.only || this.only.includes(kind);
  }

  register<P>(kind: string, handler: JobHandler<P>): void {
    this.handlers.set(kind, handler as JobHandler);
  }

  async enqueue(kind: string, payload: Record<string, unknown>): Promise<JobRun> {
    if (!this.handlers.has(kind)) throw new Error(`No job handler registered for "${kind}"`);
    const job = await this.repo.create(kind, payload);
    this.events.emit('job.progress', { job_id: job.id, kind, state: 'queued', progress: {} });
    if (this.started && this.runsHere(kind)) this.push(job.id);
    return job;
  }

  async cancel(id: string): Promise<boolean> {
    const ok = await this.repo.cancel(id);
    this.running.get(id)?.abort();
    if (ok) {
      const job = await this.repo.get(id);
      if (job) this.events.emit('job.progress', { job_id: id, kind: job.kind, state: 'cancelled', progress: job.progress });
    }
    return ok;
  }

  async start(): Promise<void> {
    this.started = true;
    this.stopping = false;
    const unfinished = await this.repo.unfinished([...this.handlers.keys()].filter((k) => this.runsHere(k)));
    for (const job of unfinished) {
      if (job.state === 'running') await this.repo.requeue(job.id);
      this.log.info({ job_id: job.id, kind: job.kind }, 'resuming unfinished job');
      this.push(job.id);
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.waiting.length = 0;
    // Running jobs are told to stop; their rows stay "running" and are resumed at the next start.
    for (const ctrl of this.running.values()) ctrl.abort();
    await this.idle();
  }

  async stats() {
    return { pending: this.waiting.length, running: this.running.size };
  }

  idle(): Promise<void> {
    if (this.waiting.length === 0 && this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private push(id: string) {
    if (!this.waiting.includes(id) && !this.running.has(id)) this.waiting.push(id);
    this.pump();
  }

  private pump() {
    while (!this.stopping && this.running.size < this.concurrency && this.waiting.length > 0) {
      const id = this.waiting.shift()!;
      const ctrl = new AbortController();
      this.running.set(id, ctrl);
      // A failure outside the handler (the database refusing the claim or the final write) is logged; it must
      // never become an unhandled rejection, which would stop the process.
      void this.run(id, ctrl).catch((err) => this.log.error({ job_id: id, err }, 'job runner failed')).finally(() => {
        this.running.delete(id);
        this.pump();
        if (this.waiting.length === 0 && this.running.size === 0) {
          const waiters = this.idleWaiters;
          this.idleWaiters = [];
          for (const w of waiters) w();
        }
      });
    }
  }

  /** In the scope of the owner the job was queued for: everything it reads and writes is that owner's. */
  private async run(id: string, ctrl: AbortController) {
    const owner = await this.repo.ownerOf(id);
    if (!owner) return;
    await ownerScope.run(owner, () => this.runAsOwner(id, ctrl));
  }

  private async runAsOwner(id: string, ctrl: AbortController) {
    if (!(await this.repo.claim(id))) return;
    const job = (await this.repo.get(id))!;
    const handler = this.handlers.get(job.kind);
    if (!handler) return;
    const ctx: JobContext = {
      job,
      payload: job.payload,
      signal: ctrl.signal,
      progress: orderedProgress(async (progress) => {
        await this.repo.setProgress(id, progress);
        this.events.emit('job.progress', { job_id: id, kind: job.kind, state: 'running', progress });
      }),
      cancelled: async () => ctrl.signal.aborted || (await this.repo.state(id)) === 'cancelled',
    };
    try {
      const result = await handler(ctx);
      if (ctrl.signal.aborted && this.stopping) return; // interrupted by shutdown: resumed at next start
      if (await this.repo.finish(id, 'completed', result ?? null, null)) {
        const done = await this.repo.get(id);
        this.events.emit('job.progress', { job_id: id, kind: job.kind, state: 'completed', progress: done?.progress ?? {} });
      }
    } catch (e) {
      if (this.stopping) return;
      const message = e instanceof Error ? e.message : String(e);
      this.log.error({ job_id: id, kind: job.kind, err: e }, 'job failed');
      if (await this.repo.finish(id, 'failed', null, message)) {
        this.events.emit('job.progress', { job_id: id, kind: job.kind, state: 'failed', progress: { error: message } });
      }
    }
  }
}
