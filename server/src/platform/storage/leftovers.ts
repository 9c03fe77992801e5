import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';

// Temporary files a crash (or a kill) leaves behind: uploads streamed to disk, restores half extracted, bulk
// uploads cut off before their job was recorded. At start nothing of this process can be using them, so what is
// older than the process goes; the log says what was removed.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface LeftoverOptions {
  dataDir: string;
  /** Epoch ms: only what was last modified before this goes (the process start, or earlier when others share DATA_DIR). */
  before: number;
  /** True when a bulk job with this id exists (its folder is the job's, not a leftover). Absent: bulk folders are kept. */
  bulkJobExists?: (id: string) => Promise<boolean>;
  log?: Logger;
}

export interface LeftoverReport {
  removed: { path: string; bytes: number }[];
  bytes: number;
}

interface Target {
  dir: string;
  match: (name: string, isDir: boolean) => boolean;
}

async function newestMtime(p: string): Promise<number> {
  const st = await fs.lstat(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of await fs.readdir(p, { withFileTypes: true }).catch(() => [])) {
    newest = Math.max(newest, await newestMtime(path.join(p, e.name)).catch(() => 0));
  }
  return newest;
}

async function sizeOf(p: string): Promise<number> {
  const st = await fs.lstat(p).catch(() => null);
  if (!st) return 0;
  if (!st.isDirectory()) return st.size;
  let total = 0;
  for (const e of await fs.readdir(p).catch(() => [])) total += await sizeOf(path.join(p, e));
  return total;
}

/** Removes the temporary leftovers of earlier runs in DATA_DIR and reports them. */
export async function removeLeftovers(opts: LeftoverOptions): Promise<LeftoverReport> {
  const d = opts.dataDir;
  const targets: Target[] = [
    // Backup and CSV uploads (files/upload.ts) and backup restores (files/backup-restore.ts).
    { dir: path.join(d, 'tmp'), match: (n, isDir) => (!isDir && /^upload-.+\.part$/.test(n)) || (isDir && n.startsWith('restore-')) },
    // Photo files a restore had not moved in yet (the photo store clears its own .incoming folder when it opens).
    { dir: path.join(d, 'photos'), match: (n, isDir) => isDir && n.startsWith('.restore-') },
    // Photos staged for Vinted, cut off mid-stream.
    { dir: path.join(d, 'vinted', 'staged'), match: (n, isDir) => !isDir && n.startsWith('.upload-') },
  ];
  const found: string[] = [];
  for (const t of targets) {
    for (const e of await fs.readdir(t.dir, { withFileTypes: true }).catch(() => [])) {
      if (e.isSymbolicLink() || !t.match(e.name, e.isDirectory())) continue;
      found.push(path.join(t.dir, e.name));
    }
  }
  // Bulk uploads killed before their job row was written: a job folder with no job.
  if (opts.bulkJobExists) {
    const root = path.join(d, 'bulk');
    for (const e of await fs.readdir(root, { withFileTypes: true }).catch(() => [])) {
      if (!e.isDirectory() || !UUID.test(e.name)) continue;
      if (!(await opts.bulkJobExists(e.name))) found.push(path.join(root, e.name));
    }
  }
  const report: LeftoverReport = { removed: [], bytes: 0 };
  for (const p of found) {
    // Modified since this process started: someone is using it (another process on a shared DATA_DIR).
    if ((await newestMtime(p).catch(() => Infinity)) >= opts.before) continue;
    const bytes = await sizeOf(p);
    await fs.rm(p, { recursive: true, force: true });
    report.removed.push({ path: path.relative(d, p), bytes });
    report.bytes += bytes;
  }
  if (report.removed.length) {
    opts.log?.info({ removed: report.removed.slice(0, 50).map((r) => r.path), count: report.removed.length, bytes: report.bytes }, 'removed temporary leftovers of an earlier run');
  }
  return report;
}
