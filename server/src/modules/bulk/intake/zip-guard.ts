// What a ZIP may hold before anything is extracted: pure checks on the central directory, so an unsafe archive is
// refused whole and nothing of it reaches the disk. Extracted files are written under generated names inside the
// job's folder; the entry name is only kept as the seller's label for the photo. The safety rules are the platform's
// ZIP guard; this adds what a batch of photos needs (system files skipped, a number of photos).
import { guardZip, type ZipEntryInfo, type ZipGuardLimits, type ZipProblem as GuardProblem } from '../../../platform/zip/zip-guard.ts';

export type { ZipEntryInfo } from '../../../platform/zip/zip-guard.ts';
export { isLink, unsafeEntryName } from '../../../platform/zip/zip-guard.ts';

export interface ZipLimits extends ZipGuardLimits {
  maxFiles: number;
  maxFileBytes: number;
  /** Uncompressed / compressed, above which an entry is a bomb (photos barely compress). */
  maxRatio: number;
}

export type ZipProblem =
  | Exclude<GuardProblem, { code: 'zip_too_large_uncompressed' }>
  | { code: 'zip_too_large_uncompressed'; bytes: number; max: number }
  | { code: 'too_many_files'; files: number; max: number };

export interface ZipPlan<E extends ZipEntryInfo = ZipEntryInfo> {
  /** Entries to extract, in archive order. */
  files: E[];
  /** Entries left out on purpose: folders' system files (macOS resource forks, Finder and Explorer metadata). */
  skipped: { name: string; reason: 'system_file' }[];
}

const SYSTEM_NAMES = new Set(['.ds_store', 'thumbs.db', 'desktop.ini', 'icon\r']);

export function isSystemFile(name: string): boolean {
  const parts = name.split('/');
  if (parts[0] === '__MACOSX') return true;
  const base = parts.at(-1)!.toLowerCase();
  return SYSTEM_NAMES.has(base) || base.startsWith('._') || parts.some((p) => p.startsWith('.') && p !== '.');
}

/** Checks the whole directory; the first problem refuses the archive, else the list of files to extract. */
export function planZip<E extends ZipEntryInfo>(entries: readonly E[], limits: ZipLimits): { ok: true; plan: ZipPlan<E> } | { ok: false; problem: ZipProblem } {
  const guarded = guardZip(entries, limits);
  if (!guarded.ok) {
    const p = guarded.problem;
    return { ok: false, problem: p.code === 'zip_too_large_uncompressed' ? { code: p.code, bytes: p.bytes, max: p.max } : p };
  }
  const files: E[] = [];
  const skipped: ZipPlan['skipped'] = [];
  for (const e of guarded.files) {
    if (isSystemFile(e.name)) skipped.push({ name: e.name, reason: 'system_file' });
    else files.push(e);
  }
  if (files.length > limits.maxFiles) return { ok: false, problem: { code: 'too_many_files', files: files.length, max: limits.maxFiles } };
  return { ok: true, plan: { files, skipped } };
}
