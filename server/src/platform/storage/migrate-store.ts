import fs from 'node:fs/promises';
import path from 'node:path';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import type { ObjectStore } from './object-store.ts';

// Copies every object of one store to another (`vintedbot storage migrate`): the local folder to a bucket or back.
// Resumable by construction: an object already on the far side with the same size is skipped, so a run cut short
// (Ctrl-C, a network fault) is simply run again. Objects stream through a temp file, one at a time, so memory stays
// flat whatever the store's size. The database holds only hashes, so nothing in it changes.

export interface MigrateProgress { done: number; total: number; copied: number; skipped: number; bytes: number; failed: number }
export interface MigrateOptions {
  /** A folder for the temp files (same machine). */
  tempDir: string;
  /** Only keys this accepts (the photo files, not a stray file). */
  accept?: (key: string) => boolean;
  /** Maps a source key to the target's (the local folder has no `photos/` segment). */
  mapKey?: (key: string) => string;
  prefix?: string;
  onProgress?: (p: MigrateProgress) => void;
  signal?: AbortSignal;
}

export async function migrateStore(from: ObjectStore, to: ObjectStore, opts: MigrateOptions): Promise<MigrateProgress & { errors: { key: string; message: string }[] }> {
  const keys: { key: string; size: number }[] = [];
  for await (const o of from.list(opts.prefix ?? '')) if (!opts.accept || opts.accept(o.key)) keys.push({ key: o.key, size: o.size });
  const p: MigrateProgress = { done: 0, total: keys.length, copied: 0, skipped: 0, bytes: 0, failed: 0 };
  const errors: { key: string; message: string }[] = [];
  await fs.mkdir(opts.tempDir, { recursive: true });
  opts.onProgress?.({ ...p });
  for (const o of keys) {
    if (opts.signal?.aborted) break;
    const target = opts.mapKey ? opts.mapKey(o.key) : o.key;
    try {
      const there = await to.head(target);
      if (there && there.size === o.size && o.size > 0) {
        p.skipped++;
      } else {
        const body = await from.get(o.key);
        if (!body) throw new Error('gone from the source while migrating');
        if (body.total === 0) throw new Error('empty object (0 bytes): not copied');
        const tmp = path.join(opts.tempDir, `migrate-${randomUUID()}.part`);
        try {
          await pipeline(body.stream, createWriteStream(tmp, { flags: 'wx' }));
          const st = await fs.stat(tmp);
          if (st.size !== body.total) throw new Error(`short read: ${st.size} of ${body.total} bytes`);
          await to.put(target, { path: tmp, size: st.size });
        } finally {
          await fs.rm(tmp, { force: true });
        }
        p.copied++;
        p.bytes += o.size;
      }
    } catch (e) {
      p.failed++;
      errors.push({ key: o.key, message: (e as Error).message });
    }
    p.done++;
    opts.onProgress?.({ ...p });
  }
  return { ...p, errors };
}
