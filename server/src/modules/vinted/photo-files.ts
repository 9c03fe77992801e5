import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { fileTypeFromFile } from 'file-type';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { AppError, badRequest } from '../../platform/errors.ts';
import { newId, nowIso, UUID_RE } from '../../platform/time.ts';
import type { VintedDb } from './vinted.tables.ts';

// The files a prepare uploads into the form: our own photos only. A reference is either a photo id of the
// photos table, or the temp id of a photo sent to POST /vinted/photos/upload. Anything else (a path, a URL, an
// unknown id) is refused, and every resolved file must sit inside our own stores once symlinks are followed.

export interface ResolvedPhoto {
  ref: string;
  path: string;
  sha256: string;
}

/** Where a photo id's file is; the photos module provides it when present, else the store's layout is read. */
export type PhotoPathLookup = (photoId: string, sha256: string) => Promise<string | null>;

const STAGED_MIME = new Set(['image/jpeg', 'image/png', 'image/webp']);
const STAGED_TTL_MS = 24 * 60 * 60_000;

export class PhotoFiles {
  readonly photoStore: string;
  readonly stagedDir: string;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly vdb: VintedDb,
    dataDir: string,
    private readonly lookup: PhotoPathLookup | null,
  ) {
    this.photoStore = path.join(dataDir, 'photos');
    this.stagedDir = path.join(dataDir, 'vinted', 'staged');
  }

  /** Resolves references in order; a 400 `photo_not_ours` names the ones that are not ours. */
  async resolve(refs: string[]): Promise<ResolvedPhoto[]> {
    if (new Set(refs).size !== refs.length) throw badRequest('duplicate_photo', 'The same photo appears twice in the list');
    const bad = refs.filter((r) => !UUID_RE.test(r));
    if (bad.length) throw notOurs(bad.length, 'only photo ids of this app or temp ids from /vinted/photos/upload are accepted');
    const [photos, staged] = await Promise.all([
      refs.length ? this.db.selectFrom('photos').select(['id', 'sha256']).where('id', 'in', refs).execute() : [],
      refs.length ? this.vdb.selectFrom('vinted_staged_photos').select(['id', 'sha256', 'file_name']).where('id', 'in', refs).execute() : [],
    ]);
    const photoBy = new Map(photos.map((p) => [p.id, p]));
    const stagedBy = new Map(staged.map((s) => [s.id, s]));
    const unknown = refs.filter((r) => !photoBy.has(r) && !stagedBy.has(r));
    if (unknown.length) throw notOurs(unknown.length, 'unknown photo id(s)', { unknown });
    const out: ResolvedPhoto[] = [];
    for (const ref of refs) {
      const p = photoBy.get(ref);
      if (p) {
        const file = (this.lookup ? await this.lookup(ref, p.sha256) : null) ?? findInStore(this.photoStore, p.sha256);
        out.push({ ref, path: this.inside(file, this.photoStore, ref), sha256: p.sha256 });
      } else {
        const s = stagedBy.get(ref)!;
        out.push({ ref, path: this.inside(path.join(this.stagedDir, s.file_name), this.stagedDir, ref), sha256: s.sha256 });
      }
    }
    return out;
  }

  /** Streams an upload to the staging folder, hashing it on the way; refuses what is not a JPEG, PNG or WebP. */
  async stage(stream: Readable, isTruncated: () => boolean): Promise<{ temp_id: string; sha256: string; mime: string; bytes: number }> {
    fs.mkdirSync(this.stagedDir, { recursive: true });
    const tmp = path.join(this.stagedDir, `.upload-${newId()}`);
    const hash = createHash('sha256');
    let bytes = 0;
    try {
      await pipeline(stream, new Transform({
        transform(chunk: Buffer, _enc, cb) {
          hash.update(chunk);
          bytes += chunk.length;
          cb(null, chunk);
        },
      }), fs.createWriteStream(tmp, { mode: 0o600 }));
      if (isTruncated()) throw new AppError(413, 'file_too_large', 'The photo is larger than allowed');
      if (bytes === 0) throw badRequest('empty_file', 'The photo is empty');
      const type = await fileTypeFromFile(tmp);
      if (!type || !STAGED_MIME.has(type.mime)) throw new AppError(415, 'unsupported_media_type', 'Only JPEG, PNG and WebP photos can go to Vinted');
      const sha256 = hash.digest('hex');
      const fileName = `${sha256}.${type.ext}`;
      fs.renameSync(tmp, path.join(this.stagedDir, fileName));
      const temp_id = newId();
      await this.vdb.insertInto('vinted_staged_photos').values({ id: temp_id, sha256, mime: type.mime, bytes, file_name: fileName, created_at: nowIso() }).execute();
      return { temp_id, sha256, mime: type.mime, bytes };
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }

  async staged(tempId: string): Promise<{ path: string; mime: string } | null> {
    if (!UUID_RE.test(tempId)) return null;
    const s = await this.vdb.selectFrom('vinted_staged_photos').selectAll().where('id', '=', tempId).executeTakeFirst();
    return s ? { path: this.inside(path.join(this.stagedDir, s.file_name), this.stagedDir, tempId), mime: s.mime } : null;
  }

  /** Forgets staged photos older than a day, and their files when no other staged row shares them. */
  async purgeStaged(now = Date.now()): Promise<number> {
    const cutoff = new Date(now - STAGED_TTL_MS).toISOString();
    const old = await this.vdb.selectFrom('vinted_staged_photos').select(['id', 'file_name']).where('created_at', '<', cutoff).execute();
    if (!old.length) return 0;
    await this.vdb.deleteFrom('vinted_staged_photos').where('id', 'in', old.map((o) => o.id)).execute();
    const still = new Set((await this.vdb.selectFrom('vinted_staged_photos').select('file_name').where('file_name', 'in', old.map((o) => o.file_name)).execute()).map((r) => r.file_name));
    for (const o of old) if (!still.has(o.file_name)) fs.rmSync(path.join(this.stagedDir, o.file_name), { force: true });
    return old.length;
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

/** The photo store's layout (platform/storage/photo-store.ts) when no photos service answers: `<sha[0..2]>/<sha>.preview.jpg`. */
export function findInStore(store: string, sha256: string): string | null {
  if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
  const file = path.join(store, sha256.slice(0, 2), `${sha256}.preview.jpg`);
  return fs.existsSync(file) ? file : null;
}
