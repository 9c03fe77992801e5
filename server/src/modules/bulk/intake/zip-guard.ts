// What a ZIP may hold before anything is extracted: pure checks on the central directory, so an unsafe archive is
// refused whole and nothing of it reaches the disk. Extracted files are written under generated names inside the
// job's folder; the entry name is only kept as the seller's label for the photo.

export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  /** Unix mode in the high 16 bits when the archive was made on Unix (symbolic links live there). */
  externalFileAttributes: number;
  isDirectory: boolean;
}

export interface ZipLimits {
  maxEntries: number;
  maxFiles: number;
  maxUncompressedBytes: number;
  maxFileBytes: number;
  /** Uncompressed / compressed, above which an entry is a bomb (photos barely compress). */
  maxRatio: number;
}

export type ZipProblem =
  | { code: 'zip_unsafe_entry'; entry: string; reason: 'parent_traversal' | 'absolute_path' | 'backslash' | 'control_character' | 'empty_segment' }
  | { code: 'zip_link_entry'; entry: string }
  | { code: 'zip_too_many_entries'; entries: number; max: number }
  | { code: 'too_many_files'; files: number; max: number }
  | { code: 'zip_too_large_uncompressed'; bytes: number; max: number }
  | { code: 'zip_bomb'; entry: string; ratio: number; max: number };

export interface ZipPlan {
  /** Entries to extract, in archive order. */
  files: ZipEntryInfo[];
  /** Entries left out on purpose: folders' system files (macOS resource forks, Finder and Explorer metadata). */
  skipped: { name: string; reason: 'system_file' }[];
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const SYSTEM_NAMES = new Set(['.ds_store', 'thumbs.db', 'desktop.ini', 'icon\r']);
// Bombs hide in large entries; a small file may compress a lot (a text full of spaces) and harms nobody.
const RATIO_MIN_BYTES = 1024 * 1024;

/** Why an entry name is unsafe to honour, or null. Covers "../", "/abs", "C:\\", "..\\" and friends. */
export function unsafeEntryName(name: string): ZipProblem | null {
  const bad = (reason: Extract<ZipProblem, { code: 'zip_unsafe_entry' }>['reason']): ZipProblem => ({ code: 'zip_unsafe_entry', entry: name.slice(0, 300), reason });
  if (name.includes('\\')) return bad('backslash');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(name)) return bad('control_character');
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return bad('absolute_path');
  const parts = name.replace(/\/$/, '').split('/');
  if (parts.some((p) => p === '..')) return bad('parent_traversal');
  if (parts.some((p, i) => p === '' && i > 0)) return bad('empty_segment');
  return null;
}

export const isLink = (e: Pick<ZipEntryInfo, 'externalFileAttributes'>) => ((e.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK;

export function isSystemFile(name: string): boolean {
  const parts = name.split('/');
  if (parts[0] === '__MACOSX') return true;
  const base = parts.at(-1)!.toLowerCase();
  return SYSTEM_NAMES.has(base) || base.startsWith('._') || parts.some((p) => p.startsWith('.') && p !== '.');
}

/** Checks the whole directory; the first problem refuses the archive, else the list of files to extract. */
export function planZip(entries: readonly ZipEntryInfo[], limits: ZipLimits): { ok: true; plan: ZipPlan } | { ok: false; problem: ZipProblem } {
  if (entries.length > limits.maxEntries) return { ok: false, problem: { code: 'zip_too_many_entries', entries: entries.length, max: limits.maxEntries } };
  const files: ZipEntryInfo[] = [];
  const skipped: ZipPlan['skipped'] = [];
  let total = 0;
  for (const e of entries) {
    const unsafe = unsafeEntryName(e.name);
    if (unsafe) return { ok: false, problem: unsafe };
    if (isLink(e)) return { ok: false, problem: { code: 'zip_link_entry', entry: e.name.slice(0, 300) } };
    if (e.isDirectory) continue;
    const ratio = e.compressedSize > 0 ? e.uncompressedSize / e.compressedSize : e.uncompressedSize > 0 ? Infinity : 1;
    if (e.uncompressedSize >= RATIO_MIN_BYTES && ratio > limits.maxRatio) {
      return { ok: false, problem: { code: 'zip_bomb', entry: e.name.slice(0, 300), ratio: Number.isFinite(ratio) ? Math.round(ratio) : -1, max: limits.maxRatio } };
    }
    total += e.uncompressedSize;
    if (total > limits.maxUncompressedBytes) return { ok: false, problem: { code: 'zip_too_large_uncompressed', bytes: total, max: limits.maxUncompressedBytes } };
    if (isSystemFile(e.name)) skipped.push({ name: e.name, reason: 'system_file' });
    else files.push(e);
  }
  if (files.length > limits.maxFiles) return { ok: false, problem: { code: 'too_many_files', files: files.length, max: limits.maxFiles } };
  return { ok: true, plan: { files, skipped } };
}
