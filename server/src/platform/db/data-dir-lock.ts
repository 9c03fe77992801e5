import fs from 'node:fs';
import path from 'node:path';

export class DataDirLockedError extends Error {
  constructor(public readonly lockPath: string, public readonly pid: number) {
    super(
      `Another VintedBot process (pid ${pid}) is already using the data folder ${path.dirname(lockPath)}. ` +
        `Stop it first, or point DATA_DIR at another folder. SQLite must have a single writer process; ` +
        `to run several processes, use PostgreSQL (DATABASE_URL).`,
    );
    this.name = 'DataDirLockedError';
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the data folder for this process, so a second writer cannot corrupt the SQLite file.
 * A lock left by a process that died is taken over; one held by a live process is refused.
 */
export function acquireDataDirLock(dataDir: string): { release(): void } {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'vintedbot.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx', 0o600);
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          try {
            if (fs.readFileSync(lockPath, 'utf8').trim() === String(process.pid)) fs.unlinkSync(lockPath);
          } catch {
            /* already gone */
          }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number.parseInt(fs.readFileSync(lockPath, 'utf8').trim(), 10);
      if (Number.isFinite(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) throw new DataDirLockedError(lockPath, pid);
      // Stale lock (its process is gone, or it is ours from an earlier, unclosed open): take it over.
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${lockPath}`);
}
