// Fetches a model's files into MODELS_DIR: resumable (a cut download leaves `<file>.part`; the next run asks the
// hub for the rest with an HTTP Range and appends), verified (the SHA-256 of the whole file must equal its pin
// before it is renamed into place; a mismatch deletes the part), and idempotent (a file already there with the
// right hash is not fetched again). No retries of its own: a cut download is resumed by running the command again.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ModelFile, ModelManifest } from './model-catalog.ts';

export class ModelDownloadError extends Error {
  constructor(readonly code: 'model_not_pinned' | 'model_checksum_mismatch' | 'model_download_failed', message: string) {
    super(message);
    this.name = 'ModelDownloadError';
  }
}

export interface FileProgress { file: string; received: number; total: number | null; resumedFrom: number }

export interface DownloadOptions {
  modelsDir: string;
  /** Replaces the manifest's origin (a mirror, or the test's local hub). */
  hub?: string;
  onProgress?: (p: FileProgress) => void;
}

export interface DownloadResult { file: string; path: string; status: 'present' | 'downloaded' | 'resumed'; bytes: number }

export async function downloadModel(manifest: ModelManifest, opts: DownloadOptions): Promise<DownloadResult[]> {
  const unpinned = manifest.files.filter((f) => !f.sha256);
  if (unpinned.length) {
    throw new ModelDownloadError('model_not_pinned', `${manifest.name}: no SHA-256 pinned for ${unpinned.map((f) => f.remote).join(', ')}; nothing was downloaded (pin them in model-catalog.ts from a verified copy, or pass a manifest file)`);
  }
  const out: DownloadResult[] = [];
  for (const f of manifest.files) out.push(await downloadFile(urlOf(manifest, f, opts.hub), f, opts));
  return out;
}

function urlOf(m: ModelManifest, f: ModelFile, hub?: string): string {
  const base = new URL(m.base);
  if (hub) {
    const h = new URL(hub.endsWith('/') ? hub : `${hub}/`);
    return new URL(f.remote, new URL(base.pathname.replace(/^\//, ''), h)).toString();
  }
  return new URL(f.remote, base).toString();
}

export async function sha256OfFile(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

async function downloadFile(url: string, f: ModelFile, opts: DownloadOptions): Promise<DownloadResult> {
  const target = join(opts.modelsDir, f.local);
  const part = `${target}.part`;
  mkdirSync(dirname(target), { recursive: true });
  if (existsSync(target) && (await sha256OfFile(target)) === f.sha256) return { file: f.local, path: target, status: 'present', bytes: statSync(target).size };
  const have = existsSync(part) ? statSync(part).size : 0;
  let res: Response;
  try {
    res = await fetch(url, { headers: have > 0 ? { range: `bytes=${have}-` } : {} });
  } catch (e) {
    throw new ModelDownloadError('model_download_failed', `${url}: ${(e as Error).cause ? String((e as { cause: Error }).cause.message ?? (e as Error).cause) : (e as Error).message}`);
  }
  if (res.status === 416 && have > 0) {
    // The part is already whole (cut after the last byte, before the rename).
    return finish(target, part, f, have > 0 ? 'resumed' : 'downloaded');
  }
  if (res.status !== 200 && res.status !== 206) throw new ModelDownloadError('model_download_failed', `${url}: HTTP ${res.status}`);
  // 206: the hub sends the rest; 200: it ignored the Range, so start over.
  const resumedFrom = res.status === 206 ? have : 0;
  const length = Number(res.headers.get('content-length') ?? NaN);
  const total = Number.isFinite(length) ? resumedFrom + length : f.bytes ?? null;
  const fh = await open(part, resumedFrom > 0 ? 'a' : 'w');
  let received = resumedFrom;
  try {
    opts.onProgress?.({ file: f.local, received, total, resumedFrom });
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      await fh.write(chunk);
      received += chunk.length;
      opts.onProgress?.({ file: f.local, received, total, resumedFrom });
    }
  } catch (e) {
    throw new ModelDownloadError('model_download_failed', `${url}: cut after ${received} bytes (${(e as Error).message}); run the command again to resume`);
  } finally {
    await fh.close();
  }
  if (total !== null && received < total) throw new ModelDownloadError('model_download_failed', `${url}: cut after ${received} of ${total} bytes; run the command again to resume`);
  return finish(target, part, f, resumedFrom > 0 ? 'resumed' : 'downloaded');
}

async function finish(target: string, part: string, f: ModelFile, status: 'downloaded' | 'resumed'): Promise<DownloadResult> {
  const got = await sha256OfFile(part);
  if (got !== f.sha256) {
    rmSync(part, { force: true });
    throw new ModelDownloadError('model_checksum_mismatch', `${f.local}: SHA-256 ${got} is not the pinned ${f.sha256}; the download was deleted`);
  }
  renameSync(part, target);
  return { file: f.local, path: target, status, bytes: statSync(target).size };
}
