import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

// A file either appears whole under its final name or not at all: readers (GET /photos, backups) never see a
// half-written photo, and a crash leaves at most a temp file that `sweepTempFiles` removes at the next start.
export const TEMP_SUFFIX = '.part';

/** Writes `data` to `target` through a temp file in the same folder and a rename (atomic on one filesystem). */
export async function writeFileAtomic(target: string, data: Buffer): Promise<void> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tmp = `${target}.${randomUUID()}${TEMP_SUFFIX}`;
  try {
    await fs.writeFile(tmp, data, { flag: 'wx' });
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Removes temp files left behind by a crash mid-write, anywhere under `root`. Only those older than `minAgeMs`:
 * another process sharing the folder (an API and a worker on PostgreSQL) may be writing the recent ones.
 */
export async function sweepTempFiles(root: string, minAgeMs = 60 * 60 * 1000, match = (name: string) => name.endsWith(TEMP_SUFFIX)): Promise<number> {
  let removed = 0;
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(root, { withFileTypes: true, recursive: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw e;
  }
  for (const e of entries) {
    if (!e.isFile() || !match(e.name)) continue;
    const p = path.join(e.parentPath, e.name);
    const st = await fs.stat(p).catch(() => null);
    if (st && Date.now() - st.mtimeMs >= minAgeMs) {
      await fs.rm(p, { force: true });
      removed++;
    }
  }
  return removed;
}
