import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../platform/storage/atomic-file.ts';

// Rendered derivatives, named by the SHA-256 of what they are made of (the original's hash, the canonical edit,
// the stamp, the size, the renderer version): a name never meets two different contents, so a cached file is
// served without checking, and changing any input renders a new one. Layout like the photo folder: `<root>/<k[0..2]>/<k>.<ext>`.
export const RENDERER_VERSION = 'studio-1';

export class EditCache {
  constructor(readonly root: string) {}

  static key(parts: (string | number)[]): string {
    return createHash('sha256').update([RENDERER_VERSION, ...parts].join('\u0000')).digest('hex');
  }

  pathOf(key: string, ext: 'jpg' | 'webp'): string {
    return path.join(this.root, key.slice(0, 2), `${key}.${ext}`);
  }

  async stat(key: string, ext: 'jpg' | 'webp'): Promise<{ path: string; size: number } | null> {
    const p = this.pathOf(key, ext);
    try {
      return { path: p, size: (await fs.stat(p)).size };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async put(key: string, ext: 'jpg' | 'webp', data: Buffer): Promise<{ path: string; size: number }> {
    const p = this.pathOf(key, ext);
    await writeFileAtomic(p, data);
    return { path: p, size: data.length };
  }

  async remove(key: string, ext: 'jpg' | 'webp'): Promise<void> {
    await fs.rm(this.pathOf(key, ext), { force: true });
  }
}
