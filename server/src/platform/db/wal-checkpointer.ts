// Checkpoints off the event loop (issue 23 point 5). In WAL mode SQLite copies the log back into the database file
// when a commit takes the log past 1,000 pages, on the connection that committed: at a million items one drop batch
// or import chunk in a few paid that copy and its fsyncs on the event loop (the drop run cost 323–347 µs an item with
// it, 200 with a checkpoint every 30,000 pages; bench/drop-sql.ts). Once the store writes enough to reach that mark,
// a worker thread with its own connection takes the checkpoints over (a passive one every `intervalMs`, which never
// blocks a reader or a writer) and the serving connection stops checkpointing. A store that never writes that much
// (a short command on a migrated store) never starts the thread; creating a store's tables from nothing does. If the
// thread fails, the serving connection checkpoints again as before: nothing is lost either way, the log only grows
// until someone copies it back.
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

const WORKER = new URL('./wal-checkpoint-worker.mjs', import.meta.url);
/** SQLite's own default (pages), kept on the serving connection until the thread is up and after it fails. */
const AUTOCHECKPOINT_PAGES = 1000;
/**
 * A log only starts again from its beginning when a write finds it wholly copied back, and the thread, copying while
 * the writes go on, rarely finds that moment in a long burst: left alone, a drop run over 50,000 items grew the log
 * to 1.2 GB. Past this many frames (64 MB of 4 kB pages) the serving connection checkpoints again after its commits:
 * the thread has copied nearly everything, so it finishes the copy, and the next write starts the log again.
 */
const LOG_LIMIT_FRAMES = 16_384;

export interface WalCheckpointerOptions {
  /** How often the thread checkpoints once started. */
  intervalMs?: number;
  /** Frames in the log past which the serving connection finishes the copy itself (default LOG_LIMIT_FRAMES). */
  logLimitFrames?: number;
  /** How often the log's size is looked at until the thread starts. */
  watchMs?: number;
  /** Told when the thread fails and the serving connection checkpoints again. */
  onFailure?: (reason: string) => void;
}

export class WalCheckpointer {
  private worker: Worker | null = null;
  private starting: Promise<void> | null = null;
  /** The thread failed once: the serving connection checkpoints again, and the thread is not started again. */
  private failed = false;
  private watch: NodeJS.Timeout | null = null;
  private closed = false;
  private autocheckpoint = AUTOCHECKPOINT_PAGES;
  private stopThread: () => Promise<void> = () => Promise.resolve();
  private lastCheckpoint = { log: 0, checkpointed: 0 };
  private readonly checkpointWaiters: ((c: { log: number; checkpointed: number }) => void)[] = [];
  private readonly threadWaiters: (() => void)[] = [];

  constructor(
    private readonly file: string,
    private readonly main: SQLite.Database,
    private readonly opts: WalCheckpointerOptions = {},
  ) {
    this.watch = setInterval(() => void this.look(), opts.watchMs ?? 2000);
    this.watch.unref();
  }

  /** Whether the thread has taken the checkpoints over, and its last one (frames in the log, frames copied). */
  get state() {
    return { threaded: this.worker !== null, ...this.lastCheckpoint };
  }

  /** Resolves once the thread has taken the checkpoints over (at once if it has). */
  whenThreaded(): Promise<void> {
    return this.worker ? Promise.resolve() : new Promise((resolve) => this.threadWaiters.push(resolve));
  }

  /** Resolves with the thread's next checkpoint: frames in the log, and how many of them are in the database file. */
  nextCheckpoint(): Promise<{ log: number; checkpointed: number }> {
    return new Promise((resolve) => this.checkpointWaiters.push(resolve));
  }

  /** Starts the thread now (a store known to be large, and the tests), rather than when the log first grows. */
  start(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.starting ??= new Promise<void>((resolve) => {
      const worker = new Worker(WORKER, { workerData: { file: this.file, intervalMs: this.opts.intervalMs ?? 250 } });
      const exited = new Promise<void>((done) => worker.once('exit', () => done()));
      this.stopThread = () => {
        worker.postMessage('stop');
        const timer = setTimeout(() => void worker.terminate(), 5000);
        return exited.finally(() => clearTimeout(timer));
      };
      // A checkpointer never holds the process open: a command line that has finished exits.
      worker.unref();
      let ready = false;
      worker.on('message', (m: { type: string; log?: number; checkpointed?: number; error?: string }) => {
        if (m.type === 'ready') {
          ready = true;
          // Closed while the thread was starting: it stops at once (close() waits for this promise, then its exit).
          if (this.closed) return resolve();
          this.worker = worker;
          this.setAutocheckpoint(0);
          for (const w of this.threadWaiters.splice(0)) w();
          resolve();
        } else if (m.type === 'checkpoint') {
          this.lastCheckpoint = { log: m.log!, checkpointed: m.checkpointed! };
          if (this.worker === worker) this.setAutocheckpoint(m.log! >= (this.opts.logLimitFrames ?? LOG_LIMIT_FRAMES) ? AUTOCHECKPOINT_PAGES : 0);
          for (const w of this.checkpointWaiters.splice(0)) w(this.lastCheckpoint);
        } else if (m.type === 'failed') {
          this.fallBack(m.error ?? 'unknown error');
          if (!ready) resolve();
        }
      });
      worker.on('error', (e) => {
        this.fallBack(e.message);
        if (!ready) resolve();
      });
      worker.on('exit', (code) => {
        this.fallBack(`exit code ${code}`);
        if (!ready) resolve();
      });
    });
    if (this.watch) clearInterval(this.watch);
    this.watch = null;
    return this.starting;
  }

  /** Stops the thread (its connection closed) before the serving connection closes, so that one stays the last. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.watch) clearInterval(this.watch);
    this.watch = null;
    await this.starting;
    this.worker = null;
    await this.stopThread();
  }

  private async look() {
    const st = await fs.promises.stat(`${this.file}-wal`).catch(() => null);
    if (this.starting || this.closed || !this.main.open) return;
    const pageSize = this.main.pragma('page_size', { simple: true }) as number;
    if (st && st.size >= AUTOCHECKPOINT_PAGES * pageSize) await this.start();
  }

  /** What the serving connection checkpoints itself; nothing once it is closed (its owner closed it first). */
  private setAutocheckpoint(pages: number) {
    if (!this.main.open || pages === this.autocheckpoint) return;
    this.main.pragma(`wal_autocheckpoint = ${pages}`);
    this.autocheckpoint = pages;
  }

  /** Once, whichever of the thread's failure, error or exit comes first (a failure is followed by its exit). */
  private fallBack(reason: string) {
    if (this.closed || this.failed) return;
    this.failed = true;
    this.worker = null;
    this.setAutocheckpoint(AUTOCHECKPOINT_PAGES);
    this.opts.onFailure?.(reason);
  }
}
