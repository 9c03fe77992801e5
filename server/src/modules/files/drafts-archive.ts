import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { AppError, badRequest } from '../../platform/errors.ts';
import { newId, UUID_RE } from '../../platform/time.ts';
import { guardZip, type ZipGuardLimits } from '../../platform/zip/zip-guard.ts';
import type { CreateItemInput, Item, ListingsService } from '../listings/index.ts';
import type { PhotosService } from '../photos/index.ts';
import type { EditableField, ImportRecord, RowIssue } from './import-record.ts';
import { legacyItemsOf, legacyRecords } from './legacy-import.ts';
import { type ImportDeps, type ImportOptions, type ImportReport, importRecords } from './stock-import.service.ts';

// The seeds' drafts file: GET /export/drafts is a ZIP with drafts.json (every draft: its listing fields and the
// names of its photo files) and photos/<id>.jpg; POST /import/drafts takes that ZIP back, or the JSON alone. An
// import goes through the stock's import (validation, quality gates, the duplicate check and its console line), keeps
// the drafts' ids (importing the same file twice updates, never duplicates) and stores the ZIP's photos by content.
export const DRAFTS_FORMAT = 'vintedbot-drafts';
const DRAFTS_ENTRY = 'drafts.json';
const FIELDS = ['title', 'description', 'brand', 'category', 'size', 'condition', 'colors', 'material', 'gender', 'keywords', 'hashtags', 'price', 'price_suggestion', 'estimated_sale_score'] as const;

export interface DraftsArchiveDeps extends ImportDeps {
  listings: ImportDeps['listings'] & Pick<ListingsService, 'streamAll'>;
  photos: ImportDeps['photos'] & Pick<PhotosService, 'file' | 'ingestFiles'>;
}

export interface DraftsPlace {
  tmpDir: string;
  /** The ZIP guard's limits (entries, unpacked size, an entry's size, the ratio of a bomb). */
  limits: ZipGuardLimits;
  /** Largest drafts.json read (IMPORT_MAX_BYTES). */
  maxJsonBytes: number;
  maxRows: number;
  timeZone: string;
}

export type DraftsImportReport = ImportReport & { photos: { stored: number; missing: number } };

export class DraftsArchive {
  constructor(private readonly d: DraftsArchiveDeps, private readonly place: DraftsPlace) {}

  /** Every draft and its photos as a ZIP stream (the photos first, drafts.json last, each read when the archive reaches it). */
  archive(): NodeJS.ReadableStream {
    const zip = new yazl.ZipFile();
    void (async () => {
      const drafts: Record<string, unknown>[] = [];
      const added = new Set<string>();
      for await (const batch of this.d.listings.streamAll(undefined, 'draft')) {
        for (const item of batch) {
          const photos: string[] = [];
          for (const p of item.photos) {
            const name = `photos/${p.id}.jpg`;
            if (!added.has(p.id)) {
              const f = await this.d.photos.file(p.id, 'preview').catch(() => null);
              if (!f) continue; // a file gone from the photo folder: the draft is exported without it
              added.add(p.id);
              // Already compressed images: stored, not deflated again.
              zip.addReadStreamLazy(name, { compress: false }, (cb) => cb(null, f.stream()));
            }
            photos.push(name);
          }
          drafts.push({ id: item.id, ...pick(item), photos, created_at: item.created_at, updated_at: item.updated_at });
        }
      }
      const doc = { format: DRAFTS_FORMAT, version: 1, exported_at: new Date().toISOString(), count: drafts.length, drafts };
      zip.addBuffer(Buffer.from(JSON.stringify(doc, null, 1)), DRAFTS_ENTRY, { compress: true });
      zip.end();
    })().catch((e) => (zip.outputStream as NodeJS.ReadableStream & { destroy(e: Error): void }).destroy(e instanceof Error ? e : new Error(String(e))));
    return zip.outputStream;
  }

  /** Imports the drafts of `file`: our ZIP (drafts.json and its photos), or a JSON file alone (ours, or the Python bot's items). */
  async import(file: string, opts: ImportOptions): Promise<DraftsImportReport> {
    const head = Buffer.alloc(4);
    const fh = await fs.open(file, 'r');
    try {
      await fh.read(head, 0, 4, 0);
    } finally {
      await fh.close();
    }
    const isZip = head[0] === 0x50 && head[1] === 0x4b;
    if (!isZip) {
      const st = await fs.stat(file);
      if (st.size > this.place.maxJsonBytes) throw new AppError(413, 'file_too_large', 'The JSON file is larger than IMPORT_MAX_BYTES');
      return this.fromJson(parseJson(await fs.readFile(file)), opts, null);
    }
    const work = path.join(this.place.tmpDir, `drafts-${newId()}`);
    await fs.mkdir(work, { recursive: true });
    try {
      const { json, photoFiles } = await this.unpack(file, work);
      return await this.fromJson(json, opts, photoFiles);
    } finally {
      await fs.rm(work, { recursive: true, force: true });
    }
  }

  /** The ZIP checked whole, then drafts.json read and the photo entries written to `work` (name → file). */
  private async unpack(file: string, work: string): Promise<{ json: unknown; photoFiles: Map<string, string> }> {
    let zip: yauzl.ZipFile;
    try {
      zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true });
    } catch (e) {
      throw new AppError(422, 'drafts_zip_corrupt', `This is not a readable ZIP archive: ${(e as Error).message}`);
    }
    try {
      const entries: yauzl.Entry[] = [];
      await new Promise<void>((resolve, reject) => {
        zip.on('entry', (e: yauzl.Entry) => {
          entries.push(e);
          if (entries.length > this.place.limits.maxEntries) reject(new AppError(413, 'drafts_zip_too_many_entries', `The archive has more than ${this.place.limits.maxEntries} entries`));
          else zip.readEntry();
        });
        zip.on('end', () => resolve());
        zip.on('error', (e: Error) => reject(new AppError(422, 'drafts_zip_corrupt', `The archive's directory is damaged: ${e.message}`)));
        zip.readEntry();
      });
      const guarded = guardZip(entries.map((e) => ({
        e, name: e.fileName, compressedSize: e.compressedSize, uncompressedSize: e.uncompressedSize,
        externalFileAttributes: e.externalFileAttributes, isDirectory: e.fileName.endsWith('/'), encrypted: e.isEncrypted(),
      })), this.place.limits);
      if (!guarded.ok) throw new AppError(guarded.problem.code.includes('large') || guarded.problem.code.includes('many') || guarded.problem.code === 'zip_bomb' ? 413 : 422, guarded.problem.code, 'The archive is refused as unsafe', guarded.problem);
      const jsonEntry = guarded.files.find((f) => f.name === DRAFTS_ENTRY) ?? guarded.files.find((f) => /^[^/]+\.json$/i.test(f.name));
      if (!jsonEntry) throw new AppError(422, 'drafts_json_missing', `The archive has no ${DRAFTS_ENTRY}`);
      if (jsonEntry.uncompressedSize > this.place.maxJsonBytes) throw new AppError(413, 'file_too_large', `${jsonEntry.name} is larger than IMPORT_MAX_BYTES`);
      const json = parseJson(await readAll(zip, jsonEntry.e, this.place.maxJsonBytes));
      const photoFiles = new Map<string, string>();
      for (const f of guarded.files) {
        if (f === jsonEntry || !/\.(jpe?g|png|webp|avif|heic|heif|gif|tiff?)$/i.test(f.name)) continue;
        const target = path.join(work, `${photoFiles.size}-${path.basename(f.name).replace(/[^\w.-]/g, '_')}`);
        await pipeline(await zip.openReadStreamPromise(f.e), sizeCap(f.uncompressedSize), createWriteStream(target));
        photoFiles.set(f.name, target);
      }
      return { json, photoFiles };
    } finally {
      zip.close();
    }
  }

  private async fromJson(json: unknown, opts: ImportOptions, photoFiles: Map<string, string> | null): Promise<DraftsImportReport> {
    const entries = draftsOf(json);
    if (entries.length > this.place.maxRows) throw new AppError(413, 'too_many_items', `The file has ${entries.length} drafts, more than IMPORT_MAX_ROWS (${this.place.maxRows})`);
    const ours = isRecord(json) && json.format === DRAFTS_FORMAT || entries.every((e) => isRecord(e) && ('hashtags' in e || 'photos' in e || 'colors' in e));
    const photos = { stored: 0, missing: 0 };
    if (!ours) return { ...(await importRecords(this.d, legacyRecords(entries, this.place.timeZone), { ...opts, reason: 'import' })), photos };
    const records: ImportRecord[] = [];
    const errors: RowIssue[] = [];
    const warnings: RowIssue[] = [];
    const known = await this.d.photos.existing(entries.flatMap((e) => (isRecord(e) && Array.isArray(e.photos) ? e.photos.filter((p): p is string => typeof p === 'string' && UUID_RE.test(p)) : [])));
    for (const [i, raw] of entries.entries()) {
      const line = i + 1;
      if (!isRecord(raw)) {
        errors.push({ line, field: null, code: 'not_a_draft', message: 'A draft must be a JSON object' });
        continue;
      }
      const present = new Set<EditableField>(FIELDS.filter((f) => raw[f] !== undefined && raw[f] !== null));
      const input: Record<string, unknown> = { status: 'draft' };
      for (const f of present) input[f] = raw[f];
      const photoIds: string[] = [];
      const refs = Array.isArray(raw.photos) ? raw.photos.map((p) => (isRecord(p) ? (p.file ?? p.url ?? p.id) : p)).filter((p): p is string => typeof p === 'string') : [];
      const files = refs.flatMap((r) => (photoFiles?.get(r) ? [{ filename: path.basename(r), path: photoFiles.get(r)! }] : []));
      if (files.length && !opts.dryRun) {
        try {
          photoIds.push(...(await this.d.photos.ingestFiles(files, { maxFiles: 20 })).map((p) => p.id));
          photos.stored += files.length;
        } catch (e) {
          warnings.push({ line, field: 'photos', code: 'photo_unreadable', message: `The draft's photos could not be read (${e instanceof AppError ? e.code : 'error'}): imported without them` });
        }
      }
      for (const r of refs) if (!photoFiles?.has(r) && known.has(r)) photoIds.push(r);
      const missing = refs.filter((r) => !photoFiles?.has(r) && !known.has(r)).length;
      if (missing) {
        photos.missing += missing;
        warnings.push({ line, field: 'photos', code: 'photo_missing', message: `${missing} photo(s) are neither in the archive nor in this app: left out` });
      }
      if (photoIds.length) {
        input.photos = [...new Set(photoIds)].slice(0, 20);
        present.add('photos');
      }
      const id = typeof raw.id === 'string' && UUID_RE.test(raw.id) ? raw.id.toLowerCase() : undefined;
      records.push({ line, ...(id ? { id } : {}), input: { ...(input as CreateItemInput), title: String(input.title ?? '') }, present, sys: {} });
    }
    return { ...(await importRecords(this.d, { records, errors, warnings, total_rows: entries.length }, { ...opts, reason: 'import' })), photos };
  }
}

function pick(item: Item): Record<string, unknown> {
  return Object.fromEntries(FIELDS.map((f) => [f, item[f]]));
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** The drafts of a document: ours ({format, drafts}), {items}/{listings}, a bare list, or the Python bot's object keyed by id. */
function draftsOf(json: unknown): unknown[] {
  if (isRecord(json)) {
    for (const k of ['drafts', 'listings', 'items']) if (Array.isArray(json[k])) return json[k] as unknown[];
  }
  return legacyItemsOf(json);
}

function parseJson(buf: Buffer): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\uFEFF/, ''));
  } catch (e) {
    throw badRequest('drafts_invalid_json', `The drafts file is not valid JSON (UTF-8): ${(e as Error).message.slice(0, 200)}`);
  }
}

async function readAll(zip: yauzl.ZipFile, entry: yauzl.Entry, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of await zip.openReadStreamPromise(entry)) {
    size += (c as Buffer).length;
    if (size > max) throw new AppError(413, 'file_too_large', `${entry.fileName} is larger than IMPORT_MAX_BYTES`);
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Stops an entry that inflates past what it declared (yauzl checks too; this bounds the bytes written meanwhile). */
function sizeCap(declared: number): Transform {
  let n = 0;
  return new Transform({
    transform(chunk: Buffer, _e, cb) {
      n += chunk.length;
      cb(n > declared ? new AppError(422, 'drafts_zip_corrupt', 'An entry is larger than the archive says') : null, chunk);
    },
  });
}
