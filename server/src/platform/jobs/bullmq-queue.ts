import { ownerScope } from '../security/owner-scope.ts';
import { type Job, Queue, QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { EventBus } from '../events.ts';
import type { JobContext, JobHandler, JobQueue } from './job-queue.ts';
import { FINISHED_STATES, type JobRun, type JobRunsRepository } from './job-runs.repository.ts';
import { orderedProgress } from './ordered-progress.ts';

/**
 * The same JobQueue on Redis (BullMQ), for REDIS_URL setups: the API process only enqueues and reads the job_runs
 * rows; `worker` processes (consume: true) run the handlers. The job_runs row stays the truth (state, progress,
 * result, cancel); BullMQ only carries "run job <id>" between processes, redelivers a job whose worker died
 * (stalled), and relays progress to the API process so its SSE stream sees the workers' events.
 */
export interface BullmqOptions {
  url: string;
  /** Key prefix in Redis: several apps (or test runs) can share one server. */
  prefix: string;
  concurrency: number;
  /** Run handlers in this process (worker) or only enqueue (API). */
  consume: boolean;
}

const QUEUE = 'jobs';
// A worker that stops renewing its lock (crash, kill -9) has its job taken back after this long.
const LOCK_MS = 30_000;

interface Relay { job_id: string; kind: string; state: string; progress: Record<string, unknown> }

export class BullmqJobQueue implements JobQueue {
  readonly driver = 'bullmq' as const;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly running = new Map<string, AbortController>();
  private readonly connection: Redis;
  private readonly queue: Queue;
  private worker: Worker | null = null;
  private events: QueueEvents | null = null;
  private stopping = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly repo: JobRunsRepository,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly opts: BullmqOptions,
  ) {
    // BullMQ needs maxRetriesPerRequest: null (its blocking calls wait as long as they must).
    this.connection = new Redis(opts.url, { maxRetriesPerRequest: null, lazyConnect: false });
    this.connection.on('error', (err) => this.log.warn({ err: err.message }, 'redis connection error'));
    this.queue = new Queue(QUEUE, { connection: this.connection, prefix: opts.prefix });
  }

  register<P>(kind: string, handler: JobHandler<P>): void {
    this.handlers.set(kind, handler as JobHandler);
  }

  async enqueue(kind: string, payload: Record<string, unknown>): Promise<JobRun> {
    if (!this.handlers.has(kind)) throw new Error(`No job handler registered for "${kind}"`);
    const job = await this.repo.create(kind, payload);
    await this.add(job.id, kind);
    this.bus.emit('job.progress', { job_id: job.id, kind, state: 'queued', progress: {} });
    return job;
  }

  private async add(id: string, kind: string) {
    // The row id is the BullMQ job id: adding twice is a no-op, so resuming cannot double a job.
    await this.queue.add(kind, { id }, { jobId: id, removeOnComplete: 1000, removeOnFail: 1000 });
  }

  async cancel(id: string): Promise<boolean> {
    const ok = await this.repo.cancel(id);
    this.running.get(id)?.abort();
    if (ok) {
      // A waiting job is taken off the queue; an active one sees the cancelled row at its next check.
      await (await this.queue.getJob(id))?.remove().catch(() => undefined);
      const job = await this.repo.get(id);
      if (job) this.publish({ job_id: id, kind: job.kind, state: 'cancelled', progress: job.progress });
    }
    return ok;
  }

  async start(): Promise<void> {
    this.stopping = false;
    if (!this.opts.consume) {
      // The API process hears the workers' progress and re-emits it on its own bus (SSE, console lines).
      this.events = new QueueEvents(QUEUE, { connection: this.connection.duplicate(), prefix: this.opts.prefix });
      this.events.on('progress', ({ data }) => {
        const r = data as unknown as Relay;
        if (r && typeof r === 'object' && r.job_id) this.bus.emit('job.progress', r);
      });
      await this.events.waitUntilReady();
      return;
    }
    // Rows left unfinished whose message Redis lost (flushed, or failed on a shutdown) are queued again.
    for (const job of await this.repo.unfinished([...this.handlers.keys()])) {
      const existing = await this.queue.getJob(job.id);
      const state = existing ? await existing.getState() : null;
      if (state === 'completed' || state === 'failed') await existing!.remove().catch(() => undefined);
      if (!existing || state === 'completed' || state === 'failed' || state === 'unknown') {
        this.log.info({ job_id: job.id, kind: job.kind }, 'resuming unfinished job');
        await this.add(job.id, job.kind);
      }
    }
    this.worker = new Worker(QUEUE, (j) => this.process(j), {
      connection: this.connection.duplicate(), prefix: this.opts.prefix, concurrency: this.opts.concurrency,
      lockDuration: LOCK_MS, maxStalledCount: 10, autorun: true,
    });
    this.worker.on('error', (err) => this.log.warn({ err: err.message }, 'bullmq worker error'));
    await this.worker.waitUntilReady();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const ctrl of this.running.values()) ctrl.abort();
    await this.worker?.close();
    await this.events?.close();
    await this.queue.close();
    await this.connection.quit().catch(() => undefined);
  }

  async stats() {
    const c = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return { pending: (c.waiting ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0), running: c.active ?? 0 };
  }

  /** Resolves when Redis holds no waiting or active job (of this prefix) and this process runs none. */
  async idle(): Promise<void> {
    for (;;) {
      const s = await this.stats();
      if (s.pending === 0 && s.running === 0 && this.running.size === 0) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.idleWaiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
  }

  private publish(r: Relay, job?: Job) {
    this.bus.emit('job.progress', r);
    // Relayed to the API process; a failed relay costs a live update, never the job.
    if (job) void job.updateProgress(r as unknown as object).catch(() => undefined);
  }

  /** In the scope of the owner the job was queued for (its job_runs row): everything it touches is that owner's. */
  private async process(bjob: Job): Promise<unknown> {
    const id = String((bjob.data as { id: string }).id);
    const owner = await this.repo.ownerOf(id);
    if (!owner) return null;
    return ownerScope.run(owner, () => this.processAsOwner(bjob, id));
  }

  private async processAsOwner(bjob: Job, id: string): Promise<unknown> {
    const row = await this.repo.get(id);
    if (!row || FINISHED_STATES.includes(row.state)) return null; // cancelled or done meanwhile
    const handler = this.handlers.get(row.kind);
    if (!handler) throw new Error(`No job handler registered for "${row.kind}"`);
    // A row still "running" means its worker died mid-way (BullMQ redelivered the stalled job): it resumes.
    if (row.state === 'running') await this.repo.requeue(id);
    if (!(await this.repo.claim(id))) return null;
    const job = (await this.repo.get(id))!;
    const ctrl = new AbortController();
    this.running.set(id, ctrl);
    const ctx: JobContext = {
      job, payload: job.payload, signal: ctrl.signal,
      progress: orderedProgress(async (progress) => {
        await this.repo.setProgress(id, progress);
        this.publish({ job_id: id, kind: job.kind, state: 'running', progress }, bjob);
      }),
      cancelled: async () => ctrl.signal.aborted || (await this.repo.state(id)) === 'cancelled',
    };
    try {
      const result = await handler(ctx);
      if (ctrl.signal.aborted && this.stopping) {
        // Interrupted by this worker's shutdown: the row goes back to the queue and is resumed at the next start.
        await this.repo.requeue(id);
        throw new Error('interrupted by worker shutdown');
      }
      if (await this.repo.finish(id, 'completed', result ?? null, null)) {
        const done = await this.repo.get(id);
        this.publish({ job_id: id, kind: job.kind, state: 'completed', progress: done?.progress ?? {} }, bjob);
      }
      return null;
    } catch (e) {
      if (this.stopping) throw e;
      const message = e instanceof Error ? e.message : String(e);
      this.log.error({ job_id: id, kind: job.kind, err: e }, 'job failed');
      if (await this.repo.finish(id, 'failed', null, message)) this.publish({ job_id: id, kind: job.kind, state: 'failed', progress: { error: message } }, bjob);
      return null;
    } finally {
      this.running.delete(id);
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }
}
