// Reads a ZIP already streamed to disk: first its whole directory, checked by zip-guard before one byte is
// extracted, then each file streamed out (hashed and counted on the way) under a generated name in the job's
// folder. yauzl also refuses entries whose real size differs from the declared one, so a lying header cannot
// slip a bomb past the size checks.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { AppError } from '../../../platform/errors.ts';
import { planZip, type ZipEntryInfo, type ZipLimits, type ZipProblem } from './zip-guard.ts';

export interface ExtractedFile { filename: string; path: string; bytes: number; sha256: string }
export interface ZipExtraction {
  files: ExtractedFile[];
  /** Files not extracted: system files, and photos over the per-file cap (reported per file). */
  skipped: { filename: string; code: string; message: string }[];
}

const openZip = (file: string) =>
  new Promise<ZipFile>((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, strictFileNames: true, decodeStrings: true, validateEntrySizes: true }, (err, zip) => (err ? reject(err) : resolve(zip)));
  });

function readDirectory(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (e: Entry) => { entries.push(e); zip.readEntry(); });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

const openStream = (zip: ZipFile, entry: Entry) =>
  new Promise<NodeJS.ReadableStream>((resolve, reject) => zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))));

export async function extractZip(zipPath: string, outDir: string, limits: ZipLimits): Promise<ZipExtraction> {
  let zip: ZipFile;
  try {
    zip = await openZip(zipPath);
  } catch (e) {
    throw new AppError(400, 'invalid_zip', 'The file is not a readable ZIP archive', { reason: reason(e) });
  }
  try {
    // The count is in the archive's last record: refused before reading a single entry.
    if (zip.entryCount > limits.maxEntries) throw problemError({ code: 'zip_too_many_entries', entries: zip.entryCount, max: limits.maxEntries });
    let entries: Entry[];
    try {
      entries = await readDirectory(zip);
    } catch (e) {
      throw directoryError(e);
    }
    const infos: (ZipEntryInfo & { entry: Entry })[] = entries.map((entry) => ({
      entry, name: entry.fileName, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize,
      externalFileAttributes: entry.externalFileAttributes, isDirectory: entry.fileName.endsWith('/'), encrypted: entry.isEncrypted(),
    }));
    const checked = planZip(infos, limits);
    if (!checked.ok) throw problemError(checked.problem);
    const skipped: ZipExtraction['skipped'] = checked.plan.skipped.map((s) => ({ filename: s.name, code: 'system_file', message: `${s.name} is a system file, not a photo: skipped` }));
    const files: ExtractedFile[] = [];
    await fs.promises.mkdir(outDir, { recursive: true });
    for (const info of checked.plan.files as (ZipEntryInfo & { entry: Entry })[]) {
      if (info.uncompressedSize > limits.maxFileBytes) {
        skipped.push({ filename: info.name, code: 'file_too_large', message: `${info.name} is larger than ${Math.round(limits.maxFileBytes / 1024 / 1024)} MB: skipped` });
        continue;
      }
      const target = path.join(outDir, `${String(files.length).padStart(4, '0')}.upload`);
      const hash = createHash('sha256');
      let bytes = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          bytes += chunk.length;
          if (bytes > info.uncompressedSize || bytes > limits.maxFileBytes) return cb(new Error('entry larger than declared'));
          hash.update(chunk);
          cb(null, chunk);
        },
      });
      try {
        await pipeline(await openStream(zip, info.entry), meter, fs.createWriteStream(target, { flags: 'wx' }));
      } catch (e) {
        throw new AppError(400, 'invalid_zip', `The entry ${info.name} could not be extracted (damaged archive, or sizes that do not match its header)`, { entry: info.name, reason: reason(e) });
      }
      files.push({ filename: info.name, path: target, bytes, sha256: hash.digest('hex') });
    }
    return { files, skipped };
  } finally {
    zip.close();
  }
}

const reason = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 200);

/** yauzl's own refusals while reading names, in our codes. */
function directoryError(e: unknown): AppError {
  const msg = reason(e);
  const entry = msg.replace(/^[^:]*:\s*/, '');
  if (/invalid relative path/.test(msg)) return problemError({ code: 'zip_unsafe_entry', entry, reason: 'parent_traversal' });
  if (/absolute path/.test(msg)) return problemError({ code: 'zip_unsafe_entry', entry, reason: 'absolute_path' });
  if (/invalid characters in fileName/.test(msg)) return problemError({ code: 'zip_unsafe_entry', entry, reason: 'backslash' });
  return new AppError(400, 'invalid_zip', 'The ZIP archive is damaged', { reason: msg });
}

export function problemError(p: ZipProblem): AppError {
  switch (p.code) {
    case 'zip_unsafe_entry':
      return new AppError(400, p.code, `The ZIP holds an entry that would be written outside its folder (${p.entry}): the archive is refused`, p);
    case 'zip_link_entry':
      return new AppError(400, p.code, `The ZIP holds a symbolic link (${p.entry}): the archive is refused`, p);
    case 'zip_special_entry':
      return new AppError(400, 'zip_unsafe_entry', `The ZIP holds an entry that is neither a file nor a folder (${p.entry}): the archive is refused`, { ...p, code: 'zip_unsafe_entry', reason: 'special_file' });
    case 'zip_encrypted_entry':
      // Encrypted entries cannot be read: the same answer as a damaged archive, said before anything is extracted.
      return new AppError(400, 'invalid_zip', `The entry ${p.entry} is encrypted: send the photos in a ZIP without a password`, { entry: p.entry, reason: 'encrypted' });
    case 'zip_too_many_entries':
      return new AppError(413, p.code, `The ZIP holds ${p.entries} entries, more than the ${p.max} allowed`, p);
    case 'too_many_files':
      return new AppError(413, p.code, `The ZIP holds ${p.files} files, more than the ${p.max} photos a batch takes`, { files: p.files, max_files: p.max });
    case 'zip_too_large_uncompressed':
      return new AppError(413, p.code, `The ZIP would expand to more than ${Math.round(p.max / 1024 / 1024)} MB`, p);
    case 'zip_entry_too_large':
      return new AppError(413, p.code, `The entry ${p.entry} would expand to more than ${Math.round(p.max / 1024 / 1024)} MB`, p);
    case 'zip_bomb':
      return new AppError(413, p.code, `The entry ${p.entry} expands more than ${p.max} times its compressed size: the archive is refused as a ZIP bomb`, p);
  }
}
