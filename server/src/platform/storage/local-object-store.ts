import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { TEMP_SUFFIX, writeFileAtomic } from './atomic-file.ts';
import type { ObjectBody, ObjectInfo, ObjectSource, ObjectStore } from './object-store.ts';

// Objects as files under one folder, key = relative path. Writes go through a temp file and a rename, so a reader
// never sees half an object. Used for the default local store's cold tier and as the far side of `storage migrate`.
export class LocalObjectStore implements ObjectStore {
  readonly label: string;

  constructor(readonly root: string) {
    this.label = `local:${root}`;
  }

  pathOf(key: string): string {
    // Our keys only; refuse anything that would step out of the root all the same.
    if (!/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(key) || key.split('/').some((s) => s === '..' || s === '.')) {
      throw new Error(`not a storage key: ${key.slice(0, 120)}`);
    }
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, source: ObjectSource): Promise<void> {
    const target = this.pathOf(key);
    if (Buffer.isBuffer(source)) return writeFileAtomic(target, source);
    await fs.mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomUUID()}${TEMP_SUFFIX}`;
    try {
      await pipeline(createReadStream(source.path), createWriteStream(tmp, { flags: 'wx' }));
      await fs.rename(tmp, target);
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw e;
    }
  }

  async get(key: string, range?: { start: number; end?: number }): Promise<ObjectBody | null> {
    const p = this.pathOf(key);
    const st = await fs.stat(p).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return null;
      throw e;
    });
    if (!st) return null;
    const start = range?.start ?? 0;
    const end = Math.min(range?.end ?? st.size - 1, st.size - 1);
    return { stream: createReadStream(p, { start, end }), size: Math.max(0, end - start + 1), total: st.size };
  }

  async head(key: string): Promise<ObjectInfo | null> {
    const st = await fs.stat(this.pathOf(key)).catch(() => null);
    return st?.isFile() ? { key, size: st.size } : null;
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const base = prefix.replace(/\/+$/, '');
    const dir = base ? this.pathOf(base) : this.root;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return;
      throw e;
    }
    const keys = entries
      .filter((e) => e.isFile() && !e.name.endsWith(TEMP_SUFFIX) && !e.name.startsWith('.'))
      .map((e) => path.relative(this.root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
      .filter((k) => !k.startsWith('.'))
      .sort();
    for (const key of keys) {
      const st = await fs.stat(this.pathOf(key)).catch(() => null);
      if (st) yield { key, size: st.size, modified: st.mtimeMs };
    }
  }

  async signedUrl(): Promise<string | null> {
    return null;
  }
}
