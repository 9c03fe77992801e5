import type { JobRun } from './job-runs.repository.ts';

export interface JobContext<P = Record<string, unknown>> {
  job: JobRun;
  payload: P;
  /** Saves the counters on the job row and streams them to the web app. */
  progress(progress: Record<string, unknown>): Promise<void>;
  /** True once the seller cancelled the job; long handlers check it between steps and stop early. */
  cancelled(): Promise<boolean>;
  signal: AbortSignal;
}

export type JobHandler<P = any> = (ctx: JobContext<P>) => Promise<unknown>;

/** What every runner offers: the embedded one (in-process) and the Redis one (separate worker processes). */
export interface JobQueue {
  readonly driver: 'embedded' | 'bullmq';
  register<P>(kind: string, handler: JobHandler<P>): void;
  enqueue(kind: string, payload: Record<string, unknown>): Promise<JobRun>;
  cancel(id: string): Promise<boolean>;
  start(): Promise<void>;
  stop(): Promise<void>;
  stats(): Promise<{ pending: number; running: number }>;
  /** Resolves when no job is queued or running in this process (tests and graceful shutdown). */
  idle(): Promise<void>;
}
