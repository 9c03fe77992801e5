import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { AppError } from '../../platform/errors.ts';
import { lineLengthGuard } from '../../platform/streams/bounded-lines.ts';
import { guardZip, tooManyEntries, type ZipEntryInfo, type ZipGuardLimits, type ZipProblem } from '../../platform/zip/zip-guard.ts';
import { BACKUP_FORMAT, BACKUP_VERSION, type Manifest, ManifestSchema, OPTIONAL_STOCK_FILES, PHOTO_ENTRY, STOCK_FILES, stockEntry } from './backup-format.ts';
import { formatBytes } from './upload.ts';

const unprocessable = (code: string, message: string, details?: unknown) => new AppError(422, code, message, details);

/** A table file's line over IMPORT_MAX_LINE_BYTES: no row of ours is that long. */
export const lineTooLong = (entry: string, line: number, max: number) =>
  new AppError(413, 'backup_line_too_long', `${entry} line ${line} is longer than ${formatBytes(max)} (IMPORT_MAX_LINE_BYTES): no VintedBot row is`, { entry, line, max_bytes: max });

/**
 * A backup archive opened for restore, every entry checked before a byte is extracted: the platform's ZIP guard
 * (count, total declared size, names that stay inside the folder, no links, devices or encryption), then nothing
 * twice, nothing outside the manifest and nothing of the manifest missing. yauzl reads the central directory; sizes
 * are checked again while inflating (an entry that lies about its size fails).
 */
export class BackupArchive {
  private constructor(private readonly zip: yauzl.ZipFile, readonly entries: Map<string, yauzl.Entry>, readonly manifest: Manifest) {}

  static async open(file: string, limits: ZipGuardLimits): Promise<BackupArchive> {
    let zip: yauzl.ZipFile;
    try {
      // decodeStrings off: names are checked here, with our codes, instead of yauzl's generic errors.
      zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true });
    } catch (e) {
      throw unprocessable('backup_corrupt', `This is not a readable ZIP archive (truncated or damaged?): ${(e as Error).message}`);
    }
    try {
      const many = tooManyEntries(zip.entryCount, limits);
      if (many) throw refusal(many);
      const listed: (ZipEntryInfo & { entry: yauzl.Entry })[] = [];
      for await (const entry of readEntries(zip)) {
        const name = nameOf(entry);
        listed.push({
          entry, name, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize,
          externalFileAttributes: entry.externalFileAttributes, isDirectory: name.endsWith('/'), encrypted: entry.isEncrypted(),
        });
      }
      // A backup's JSON lines compress far better than photos: no ratio limit, the total size cap bounds a bomb.
      const guarded = guardZip(listed, limits);
      if (!guarded.ok) throw refusal(guarded.problem);
      const entries = new Map<string, yauzl.Entry>();
      for (const { name, entry } of guarded.files) {
        if (entries.has(name)) throw unprocessable('backup_unexpected_entry', `The entry "${name}" appears twice`, { entry: name });
        entries.set(name, entry);
      }
      const manifestEntry = entries.get('manifest.json');
      if (!manifestEntry) throw unprocessable('backup_foreign', 'This ZIP is not a VintedBot backup (no manifest.json)');
      const raw = await readSmall(zip, manifestEntry, 64 * 1024 * 1024);
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw.toString('utf8'));
      } catch {
        throw unprocessable('backup_foreign', 'manifest.json is not JSON: this is not a VintedBot backup');
      }
      const format = (parsed as { format?: unknown })?.format;
      if (format !== BACKUP_FORMAT) throw unprocessable('backup_foreign', `This ZIP is not a VintedBot backup (format ${JSON.stringify(format ?? null)})`);
      const m = ManifestSchema.safeParse(parsed);
      if (!m.success) throw unprocessable('backup_corrupt', `The manifest is damaged: ${m.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      if (m.data.version > BACKUP_VERSION) {
        throw unprocessable('backup_version_unsupported', `The backup was made by a newer VintedBot (format ${m.data.version}); update this one to restore it`, { version: m.data.version });
      }
      for (const name of entries.keys()) {
        if (name === 'manifest.json') continue;
        const known = PHOTO_ENTRY.test(name) || STOCK_FILES.some((f) => stockEntry(f) === name);
        if (!known || !m.data.files[name]) throw unprocessable('backup_unexpected_entry', `The entry "${name}" is not part of a VintedBot backup`, { entry: name });
      }
      for (const name of Object.keys(m.data.files)) {
        if (!entries.has(name)) throw unprocessable('backup_corrupt', `The entry "${name}" listed in the manifest is missing`, { entry: name });
      }
      for (const f of STOCK_FILES) if (!OPTIONAL_STOCK_FILES.includes(f) && !entries.has(stockEntry(f))) throw unprocessable('backup_corrupt', `The archive has no ${stockEntry(f)}`);
      return new BackupArchive(zip, entries, m.data);
    } catch (e) {
      zip.close();
      throw e;
    }
  }

  /**
   * Extracts one entry to `target`, checking its size and SHA-256 against the manifest on the way; with
   * `maxLineBytes`, a line longer than that stops it there (a table file is read line by line afterwards).
   */
  async extract(name: string, target: string, maxLineBytes?: number): Promise<void> {
    const entry = this.entries.get(name)!;
    const expected = this.manifest.files[name];
    let stream;
    try {
      stream = await this.zip.openReadStreamPromise(entry);
    } catch (e) {
      throw unprocessable('backup_corrupt', `The entry "${name}" cannot be read: ${(e as Error).message}`, { entry: name });
    }
    const h = createHash('sha256');
    let bytes = 0;
    const check = new Transform({
      transform(chunk: Buffer, _e, cb) {
        bytes += chunk.length;
        if (bytes > expected.bytes) return cb(unprocessable('backup_checksum_mismatch', `The entry "${name}" is larger than the manifest says`, { entry: name }));
        h.update(chunk);
        cb(null, chunk);
      },
    });
    await fs.mkdir(path.dirname(target), { recursive: true });
    const out = createWriteStream(target, { flags: 'wx' });
    try {
      const lines = maxLineBytes === undefined ? [] : [lineLengthGuard(maxLineBytes, (line) => lineTooLong(name, line, maxLineBytes))];
      await pipeline(stream, check, ...lines, out);
    } catch (e) {
      if (!out.closed) await once(out, 'close').catch(() => {}); // it may still be opening (and creating) the file
      await fs.rm(target, { force: true });
      if (e instanceof AppError) throw e;
      throw unprocessable('backup_corrupt', `The entry "${name}" is damaged: ${(e as Error).message}`, { entry: name });
    }
    if (bytes !== expected.bytes || h.digest('hex') !== expected.sha256) {
      await fs.rm(target, { force: true });
      throw unprocessable('backup_checksum_mismatch', `The entry "${name}" does not match its checksum: the archive was altered or damaged`, { entry: name });
    }
  }

  private closed = false;
  close() {
    if (this.closed) return;
    this.closed = true;
    this.zip.close();
  }
}

async function* readEntries(zip: yauzl.ZipFile): AsyncGenerator<yauzl.Entry> {
  const queue: yauzl.Entry[] = [];
  let done = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  zip.on('entry', (e: yauzl.Entry) => { queue.push(e); wake?.(); });
  zip.on('end', () => { done = true; wake?.(); });
  zip.on('error', (e: Error) => { failure = e; wake?.(); });
  for (;;) {
    zip.readEntry();
    while (queue.length === 0 && !done && !failure) await new Promise<void>((r) => (wake = r));
    wake = null;
    if (failure) throw unprocessable('backup_corrupt', `The archive's directory is damaged: ${(failure as Error).message}`);
    if (queue.length === 0 && done) return;
    yield queue.shift()!;
  }
}

/** The entry's name as written: bit 11 says UTF-8; others are CP437, whose ASCII part (all our names use) reads the same. */
function nameOf(entry: yauzl.Entry): string {
  const raw = entry.fileNameRaw ?? (entry.fileName as unknown as Buffer);
  return Buffer.isBuffer(raw) ? raw.toString((entry.generalPurposeBitFlag & 0x800) ? 'utf8' : 'latin1') : String(raw);
}

/** A problem of the ZIP guard, in the backup's codes (the restore documents them). */
function refusal(p: ZipProblem): AppError {
  switch (p.code) {
    case 'zip_too_many_entries':
      return new AppError(413, 'backup_too_many_entries', `The archive has ${p.entries.toLocaleString('en')} entries, more than ${p.max.toLocaleString('en')} (BACKUP_MAX_ENTRIES)`, { entries: p.entries, max_entries: p.max });
    case 'zip_too_large_uncompressed':
    case 'zip_bomb':
      return new AppError(413, 'backup_too_large', `The archive unpacks to more than ${formatBytes(p.max)} (BACKUP_MAX_UNCOMPRESSED_BYTES)`, { max_bytes: p.max, entry: p.entry });
    case 'zip_entry_too_large':
      return new AppError(413, 'backup_entry_too_large', `The entry "${p.entry}" unpacks to more than ${formatBytes(p.max)}: it cannot be part of a VintedBot backup`, { entry: p.entry, max_bytes: p.max });
    case 'zip_unsafe_entry':
      return unprocessable('backup_unsafe_path', `The entry "${p.entry.slice(0, 200)}" points outside the archive folder: refused`, { entry: p.entry.slice(0, 200) });
    case 'zip_link_entry':
      return unprocessable('backup_link_entry', `The entry "${p.entry}" is a symbolic link: refused`, { entry: p.entry });
    case 'zip_special_entry':
      return unprocessable('backup_unexpected_entry', `The entry "${p.entry}" is not a plain file`, { entry: p.entry });
    case 'zip_encrypted_entry':
      return unprocessable('backup_unexpected_entry', `The entry "${p.entry}" is encrypted`, { entry: p.entry });
  }
}

async function readSmall(zip: yauzl.ZipFile, entry: yauzl.Entry, max: number): Promise<Buffer> {
  if (entry.uncompressedSize > max) throw unprocessable('backup_corrupt', 'manifest.json is implausibly large');
  let stream;
  try {
    stream = await zip.openReadStreamPromise(entry);
  } catch (e) {
    throw unprocessable('backup_corrupt', `manifest.json cannot be read: ${(e as Error).message}`);
  }
  const chunks: Buffer[] = [];
  try {
    for await (const c of stream) chunks.push(c as Buffer);
  } catch (e) {
    throw unprocessable('backup_corrupt', `manifest.json is damaged: ${(e as Error).message}`);
  }
  return Buffer.concat(chunks);
}
