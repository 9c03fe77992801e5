import { createHash } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { fileTypeFromFile } from 'file-type';
import sharp from 'sharp';
import { AppError, badRequest } from '../../platform/errors.ts';
import { newId, nowIso, UUID_RE } from '../../platform/time.ts';
import { StagedPhotosRepository } from './staged-photos.repository.ts';
import type { VintedDb } from './vinted.tables.ts';

// The files a prepare uploads into the form: our own photos only. A reference is either a photo id of the
// photos table, or the temp id of a photo sent to POST /vinted/photos/upload. Anything else (a path, a URL, an
// unknown id) is refused, and every resolved file must sit inside our own stores once symlinks are followed.

export interface ResolvedPhoto {
  ref: string;
  path: string;
  sha256: string;
}

/**
 * The photos module as the connector uses it: a stored photo's preview file and content hash. It throws a 404
 * `photo_file_missing` when the row exists without its file, another 404 when there is no such photo.
 */
export interface StockPhotoFiles {
  file(id: string, variant: 'preview'): Promise<{ path: string; sha256: string; edited?: boolean }>;
}

const STAGED_MIME = new Set(['image/jpeg', 'image/png', 'image/webp']);
const STAGED_MAX_PIXELS = 100_000_000;

/** An upload streamed to a temp file and checked, not yet staged. */
export interface ReceivedPhoto { tmp: string; sha256: string; mime: string; ext: string; bytes: number }

/** Decodes the whole photo (small, to keep it cheap): 422 `invalid_image` when it is damaged or cut short. */
async function checkDecodes(file: string): Promise<void> {
  try {
    await sharp(file, { failOn: 'truncated', limitInputPixels: STAGED_MAX_PIXELS }).resize(32, 32, { fit: 'inside' }).toBuffer();
  } catch (e) {
    const reason = (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 200);
    throw new AppError(422, 'invalid_image', 'The photo could not be read as an image (damaged or truncated file)', { reason });
  }
}
const STAGED_TTL_MS = 24 * 60 * 60_000;

export class PhotoFiles {
  readonly photoStore: string;
  readonly stagedDir: string;
  /** The photo studio's renderings live beside the store (DATA_DIR/photo-edits): an edited photo's file is one. */
  private readonly dataDir: string;

  private readonly stagedRows: StagedPhotosRepository;

  constructor(
    vdb: VintedDb,
    dataDir: string,
    private readonly photos: StockPhotoFiles,
  ) {
    this.stagedRows = new StagedPhotosRepository(vdb);
    this.dataDir = dataDir;
    this.photoStore = path.join(dataDir, 'photos');
    this.stagedDir = path.join(dataDir, 'vinted', 'staged');
  }

  /** Resolves references in order; a 400 `photo_not_ours` names the ones that are not ours. */
  async resolve(refs: string[]): Promise<ResolvedPhoto[]> {
    if (new Set(refs).size !== refs.length) throw badRequest('duplicate_photo', 'The same photo appears twice in the list');
    const bad = refs.filter((r) => !UUID_RE.test(r));
    if (bad.length) throw notOurs(bad.length, 'only photo ids of this app or temp ids from /vinted/photos/upload are accepted');
    const staged = await this.stagedRows.many(refs);
    const stagedBy = new Map(staged.map((s) => [s.id, s]));
    const photoBy = new Map<string, { path: string | null; sha256: string; edited?: boolean }>();
    for (const ref of refs) {
      if (stagedBy.has(ref)) continue;
      const found = await this.stockFile(ref);
      if (found) photoBy.set(ref, found);
    }
    const unknown = refs.filter((r) => !photoBy.has(r) && !stagedBy.has(r));
    if (unknown.length) throw notOurs(unknown.length, 'unknown photo id(s)', { unknown });
    const out: ResolvedPhoto[] = [];
    for (const ref of refs) {
      const p = photoBy.get(ref);
      if (p) {
        // The edited rendering (what the seller made in the studio) when the photo has an edit, else the preview.
        out.push({ ref, path: this.inside(p.path, p.edited ? this.dataDir : this.photoStore, ref), sha256: p.sha256 });
      } else {
        const s = stagedBy.get(ref)!;
        out.push({ ref, path: this.inside(path.join(this.stagedDir, s.file_name), this.stagedDir, ref), sha256: s.sha256 });
      }
    }
    return out;
  }

  /**
   * Streams an upload to a temp file of the staging folder, hashing it on the way; refuses what is not a JPEG, PNG
   * or WebP that decodes whole (a truncated or damaged file would only fail later, in Vinted's form). Nothing is
   * staged until `commit`: the route first makes sure the request held no second file.
   */
  async receive(stream: Readable, isTruncated: () => boolean): Promise<ReceivedPhoto> {
    fs.mkdirSync(this.stagedDir, { recursive: true });
    const tmp = path.join(this.stagedDir, `.upload-${newId()}`);
    const hash = createHash('sha256');
    let bytes = 0;
    const out = fs.createWriteStream(tmp, { mode: 0o600 });
    try {
      await pipeline(stream, new Transform({
        transform(chunk: Buffer, _enc, cb) {
          hash.update(chunk);
          bytes += chunk.length;
          cb(null, chunk);
        },
      }), out);
      if (isTruncated()) throw new AppError(413, 'file_too_large', 'The photo is larger than allowed');
      if (bytes === 0) throw badRequest('empty_file', 'The photo is empty');
      const type = await fileTypeFromFile(tmp);
      if (!type || !STAGED_MIME.has(type.mime)) throw new AppError(415, 'unsupported_media_type', 'Only JPEG, PNG and WebP photos can go to Vinted');
      await checkDecodes(tmp);
      return { tmp, sha256: hash.digest('hex'), mime: type.mime, ext: type.ext, bytes };
    } catch (e) {
      await this.discard(tmp, out);
      throw e;
    }
  }

  /** Keeps a received photo: its file under its hash, and a row whose id is the temp id a prepare names. */
  async commit(r: ReceivedPhoto): Promise<{ temp_id: string; sha256: string; mime: string; bytes: number }> {
    try {
      const fileName = `${r.sha256}.${r.ext}`;
      fs.renameSync(r.tmp, path.join(this.stagedDir, fileName));
      const temp_id = newId();
      await this.stagedRows.insert({ id: temp_id, sha256: r.sha256, mime: r.mime, bytes: r.bytes, file_name: fileName, created_at: nowIso() });
      return { temp_id, sha256: r.sha256, mime: r.mime, bytes: r.bytes };
    } finally {
      fs.rmSync(r.tmp, { force: true });
    }
  }

  /** Drops a received photo that will not be staged (the request turned out to hold more than one file). */
  async discard(tmp: string, out?: fs.WriteStream): Promise<void> {
    // A write stream destroyed before its file was open (the upload broke at once) still opens, so creates, it
    // afterwards: removing the file before that left an empty `.upload-*` behind for each broken upload.
    if (out && !out.closed) await once(out, 'close').catch(() => {});
    fs.rmSync(tmp, { force: true });
  }

  async staged(tempId: string): Promise<{ path: string; mime: string } | null> {
    if (!UUID_RE.test(tempId)) return null;
    const s = await this.stagedRows.get(tempId);
    return s ? { path: this.inside(path.join(this.stagedDir, s.file_name), this.stagedDir, tempId), mime: s.mime } : null;
  }

  /** Forgets staged photos older than a day, and their files when no other staged row shares them. */
  async purgeStaged(now = Date.now()): Promise<number> {
    const cutoff = new Date(now - STAGED_TTL_MS).toISOString();
    const { removed, stillUsed } = await this.stagedRows.purgeBefore(cutoff);
    for (const o of removed) if (!stillUsed.has(o.file_name)) fs.rmSync(path.join(this.stagedDir, o.file_name), { force: true });
    return removed.length;
  }

  /** A stored photo's preview file (null path: the row exists, its file does not); null for no such photo. */
  private async stockFile(id: string): Promise<{ path: string | null; sha256: string; edited?: boolean } | null> {
    try {
      return await this.photos.file(id, 'preview');
    } catch (e) {
      if (e instanceof AppError && e.code === 'photo_file_missing') return { path: null, sha256: '' };
      if (e instanceof AppError && e.status === 404) return null;
      throw e;
    }
  }

  /** The real path of `file`, which must exist inside `root` once symlinks are resolved. */
  private inside(file: string | null, root: string, ref: string): string {
    if (!file) throw new AppError(422, 'photo_file_missing', `The file of photo ${ref} is missing from the photo store`, { photo: ref });
    let real: string;
    let realRoot: string;
    try {
      real = fs.realpathSync(file);
      realRoot = fs.realpathSync(root);
    } catch {
      throw new AppError(422, 'photo_file_missing', `The file of photo ${ref} is missing from the photo store`, { photo: ref });
    }
    if (!real.startsWith(realRoot + path.sep)) throw notOurs(1, 'the photo file lies outside our photo store', { photo: ref });
    return real;
  }
}

function notOurs(n: number, why: string, details?: Record<string, unknown>) {
  return badRequest('photo_not_ours', `${n} photo reference(s) are not photos of this app: ${why}`, details);
}
