// What a ZIP may hold before one byte of it is extracted: pure checks on its central directory (names, kinds of
// entry, counts, declared sizes and compression ratios), so an unsafe archive is refused whole. Each use passes its
// own limits (a batch of photos, a backup); callers turn a problem into their own error codes. Sizes declared here
// are checked again while inflating (yauzl's validateEntrySizes), so an entry that lies about its size still fails.

export interface ZipEntryInfo {
  /** The decoded entry name, as written in the archive ("folder/file.jpg", folders end with "/"). */
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  /** Unix mode in the high 16 bits when the archive was made on Unix (links and devices live there). */
  externalFileAttributes: number;
  isDirectory: boolean;
  encrypted?: boolean;
}

export interface ZipGuardLimits {
  maxEntries: number;
  /** Sum of the declared sizes of every entry. */
  maxUncompressedBytes: number;
  /** Declared size of any one entry; none when each use checks its entries itself (the bulk intake skips a large photo). */
  maxEntryBytes?: number;
  /** Uncompressed / compressed above which an entry is a bomb; none when the total cap is enough (text that compresses well). */
  maxRatio?: number;
}

export type UnsafeNameReason = 'parent_traversal' | 'absolute_path' | 'backslash' | 'control_character' | 'empty_segment';

export type ZipProblem =
  | { code: 'zip_unsafe_entry'; entry: string; reason: UnsafeNameReason }
  | { code: 'zip_link_entry'; entry: string }
  | { code: 'zip_special_entry'; entry: string }
  | { code: 'zip_encrypted_entry'; entry: string }
  | { code: 'zip_too_many_entries'; entries: number; max: number }
  | { code: 'zip_too_large_uncompressed'; bytes: number; max: number; entry: string }
  | { code: 'zip_entry_too_large'; entry: string; bytes: number; max: number }
  | { code: 'zip_bomb'; entry: string; ratio: number; max: number };

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
// Bombs hide in large entries; a small file may compress a lot (a text full of spaces) and harms nobody.
const RATIO_MIN_BYTES = 1024 * 1024;

/** Why an entry name is unsafe to honour, or null. Covers "../", "/abs", "C:\\", "..\\" and friends. */
export function unsafeEntryName(name: string): Extract<ZipProblem, { code: 'zip_unsafe_entry' }> | null {
  const bad = (reason: UnsafeNameReason) => ({ code: 'zip_unsafe_entry' as const, entry: name.slice(0, 300), reason });
  if (name.includes('\\')) return bad('backslash');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(name)) return bad('control_character');
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return bad('absolute_path');
  const parts = name.replace(/\/$/, '').split('/');
  if (parts.some((p) => p === '..')) return bad('parent_traversal');
  if (parts.some((p, i) => p === '' && i > 0)) return bad('empty_segment');
  return null;
}

const unixType = (e: Pick<ZipEntryInfo, 'externalFileAttributes'>) => (e.externalFileAttributes >>> 16) & S_IFMT;
export const isLink = (e: Pick<ZipEntryInfo, 'externalFileAttributes'>) => unixType(e) === S_IFLNK;
/** A device, a pipe or a socket: neither a file nor a folder. */
const isSpecial = (e: Pick<ZipEntryInfo, 'externalFileAttributes'>) => ![0, S_IFREG, S_IFDIR, S_IFLNK].includes(unixType(e));

/** The entry count alone (it is in the archive's last record): refused before a single entry is read. */
export function tooManyEntries(count: number, limits: Pick<ZipGuardLimits, 'maxEntries'>): ZipProblem | null {
  return count > limits.maxEntries ? { code: 'zip_too_many_entries', entries: count, max: limits.maxEntries } : null;
}

/** Checks the whole directory; the first problem refuses the archive, else the files (folders left out), in order. */
export function guardZip<E extends ZipEntryInfo>(entries: readonly E[], limits: ZipGuardLimits): { ok: true; files: E[] } | { ok: false; problem: ZipProblem } {
  const many = tooManyEntries(entries.length, limits);
  if (many) return { ok: false, problem: many };
  const files: E[] = [];
  let total = 0;
  for (const e of entries) {
    const entry = e.name.slice(0, 300);
    const unsafe = unsafeEntryName(e.name);
    if (unsafe) return { ok: false, problem: unsafe };
    if (isLink(e)) return { ok: false, problem: { code: 'zip_link_entry', entry } };
    if (isSpecial(e)) return { ok: false, problem: { code: 'zip_special_entry', entry } };
    if (e.encrypted) return { ok: false, problem: { code: 'zip_encrypted_entry', entry } };
    if (e.isDirectory) continue;
    const ratio = e.compressedSize > 0 ? e.uncompressedSize / e.compressedSize : e.uncompressedSize > 0 ? Infinity : 1;
    if (limits.maxRatio !== undefined && e.uncompressedSize >= RATIO_MIN_BYTES && ratio > limits.maxRatio) {
      return { ok: false, problem: { code: 'zip_bomb', entry, ratio: Number.isFinite(ratio) ? Math.round(ratio) : -1, max: limits.maxRatio } };
    }
    if (limits.maxEntryBytes !== undefined && e.uncompressedSize > limits.maxEntryBytes) {
      return { ok: false, problem: { code: 'zip_entry_too_large', entry, bytes: e.uncompressedSize, max: limits.maxEntryBytes } };
    }
    total += e.uncompressedSize;
    if (total > limits.maxUncompressedBytes) return { ok: false, problem: { code: 'zip_too_large_uncompressed', bytes: total, max: limits.maxUncompressedBytes, entry } };
    files.push(e);
  }
  return { ok: true, files };
}
