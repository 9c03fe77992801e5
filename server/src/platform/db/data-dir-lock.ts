import { execFileSync } from 'node:child_process';
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

/** What the lock file says about its holder: the PID and, when it could be read, when that process started. */
export interface LockHolder {
  pid: number;
  start?: string;
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
 * When a process started, as an opaque string that is the same every time it is read for that process and
 * different for a later process given the same PID: on Linux the start time in clock ticks since boot
 * (/proc/<pid>/stat, field 22); elsewhere (macOS, BSD) `ps -o lstart=`; undefined when it cannot be known (Windows).
 */
export function processStartTime(pid: number): string | undefined {
  if (process.platform === 'linux') {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      // The command name (field 2) is in parentheses and may hold spaces or parentheses: count from the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = fields[22 - 3];
      return ticks && /^\d+$/.test(ticks) ? `linux:${ticks}` : undefined;
    } catch {
      return undefined;
    }
  }
  if (process.platform === 'win32') return undefined;
  try {
    const out = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return out ? `ps:${out}` : undefined;
  } catch {
    return undefined;
  }
}

/** Reads a lock file: JSON `{pid, start}`, or a bare PID (written by versions before the start time was kept). */
export function readLockHolder(text: string): LockHolder | null {
  const t = text.trim();
  if (/^\d+$/.test(t)) return { pid: Number(t) };
  try {
    const v = JSON.parse(t) as { pid?: unknown; start?: unknown };
    if (typeof v.pid === 'number' && Number.isInteger(v.pid) && v.pid > 0) return { pid: v.pid, start: typeof v.start === 'string' ? v.start : undefined };
  } catch {
    /* not ours */
  }
  return null;
}

/**
 * Whether the process named by a lock still holds it. A dead PID does not; nor does a live one that started at
 * another time than the one recorded (the PID was given to another program since the holder died). A lock from an
 * older version records no start time: on Linux its PID counts as reused when that process is not Node at all.
 */
export function lockHeld(holder: LockHolder): boolean {
  if (holder.pid === process.pid || !processAlive(holder.pid)) return false;
  if (holder.start) {
    const now = processStartTime(holder.pid);
    // Unknown now (no /proc, no ps): keep the old rule, a live PID holds the lock.
    return now === undefined || now === holder.start;
  }
  if (process.platform === 'linux') {
    try {
      const cmd = fs.readFileSync(`/proc/${holder.pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmd && !/node/i.test(cmd)) return false;
    } catch {
      /* unreadable: assume held */
    }
  }
  return true;
}

/**
 * Takes the data folder for this process, so a second writer cannot corrupt the SQLite file. A lock left by a
 * process that died is taken over, also when its PID now belongs to another program; one held by a live
 * VintedBot is refused.
 */
export function acquireDataDirLock(dataDir: string): { release(): void } {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'vintedbot.lock');
  const mine = JSON.stringify({ pid: process.pid, start: processStartTime(process.pid) });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx', 0o600);
      fs.writeSync(fd, mine);
      fs.closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          try {
            if (readLockHolder(fs.readFileSync(lockPath, 'utf8'))?.pid === process.pid) fs.unlinkSync(lockPath);
          } catch {
            /* already gone */
          }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = readLockHolder(fs.readFileSync(lockPath, 'utf8'));
      if (holder && lockHeld(holder)) throw new DataDirLockedError(lockPath, holder.pid);
      // Stale lock (its process is gone or the PID is another program's, or it is ours from an earlier, unclosed
      // open, or unreadable): take it over.
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${lockPath}`);
}
