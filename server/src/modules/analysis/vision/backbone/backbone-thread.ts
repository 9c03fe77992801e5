// The backbone run on a worker thread (backbone-worker.mjs), seen from the main thread: runs are sent in turn and
// answered by id, the photo's input and the outputs cross without copies. The thread keeps the process alive only
// while it loads or a run is under way, so a command line that has finished exits. If the thread dies, the runs waiting on it
// fail with the reason and the next run starts a new thread.
import { Worker } from 'node:worker_threads';

const WORKER = new URL('./backbone-worker.mjs', import.meta.url);

export interface SessionNames { inputNames: readonly string[]; outputNames: readonly string[] }

type Pending = { resolve: (out: Record<string, Float32Array>) => void; reject: (err: Error) => void };

export class BackboneThread {
  private worker: Worker | null = null;
  private started: Promise<SessionNames> | null = null;
  private readonly pending = new Map<number, Pending>();
  private next = 1;

  private constructor(private readonly file: string) {}

  /** Starts the thread on `file`; resolves with the model's input and output names once it is loaded. */
  static async open(file: string): Promise<{ thread: BackboneThread; names: SessionNames }> {
    const thread = new BackboneThread(file);
    return { thread, names: await thread.start() };
  }

  /** Runs the network on one input tensor (handed over: the caller must not use `input` afterwards). */
  async run(input: Float32Array, dims: number[], outputs: readonly string[]): Promise<Record<string, Float32Array>> {
    await this.start();
    const worker = this.worker!;
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, input, dims, outputs: [...outputs] }, [input.buffer as ArrayBuffer]);
    });
  }

  /** Stops the thread; runs still waiting fail. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.started = null;
    await w?.terminate();
  }

  private start(): Promise<SessionNames> {
    this.started ??= new Promise<SessionNames>((resolve, reject) => {
      const worker = new Worker(WORKER, { workerData: { file: this.file } });
      this.worker = worker;
      worker.on('message', (m: { type?: string; id?: number; outputs?: Record<string, Float32Array>; error?: string; inputNames?: string[]; outputNames?: string[] }) => {
        // Loading holds the process open like a run does: a command line waits for it.
        if (m.type === 'ready' || m.type === 'failed') {
          if (this.pending.size === 0) worker.unref();
          return m.type === 'ready' ? resolve({ inputNames: m.inputNames!, outputNames: m.outputNames! }) : reject(new Error(m.error));
        }
        const p = this.pending.get(m.id!);
        if (!p) return;
        this.pending.delete(m.id!);
        if (this.pending.size === 0) worker.unref();
        if (m.error !== undefined) p.reject(new Error(m.error));
        else p.resolve(m.outputs!);
      });
      const gone = (reason: string) => {
        if (this.worker === worker) {
          this.worker = null;
          this.started = null;
        }
        reject(new Error(reason));
        for (const p of this.pending.values()) p.reject(new Error(`the vision thread stopped (${reason}) during the photo's analysis`));
        this.pending.clear();
      };
      worker.on('error', (err) => gone(err.message));
      worker.on('exit', (code) => gone(`exit code ${code}`));
    });
    return this.started;
  }
}
