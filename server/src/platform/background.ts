// Maintenance that runs beside the requests after start-up (a module's index brought up to date): each registers
// a reader of its progress here, and GET /health shows them, so a seller or a probe sees how far it is.
export interface BackgroundProgress {
  state: 'running' | 'done' | 'failed';
  /** Rows looked at so far. */
  checked: number;
  /** Rows that needed work among them. */
  updated: number;
  started_at: string;
  finished_at: string | null;
}

export class BackgroundWork {
  private readonly tasks = new Map<string, () => BackgroundProgress | null>();

  /** `read` answers null while the task has not started. */
  track(name: string, read: () => BackgroundProgress | null): void {
    this.tasks.set(name, read);
  }

  snapshot(): Record<string, BackgroundProgress> {
    const out: Record<string, BackgroundProgress> = {};
    for (const [name, read] of this.tasks) {
      const p = read();
      if (p) out[name] = p;
    }
    return out;
  }
}
