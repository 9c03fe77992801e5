import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { photoErrors, type PhotoRef } from './photo-errors.ts';

// An upload on its way in: streamed to a temp file (never the whole batch in memory), hashed and counted as it
// goes, and stopped the moment it passes the size cap.
export interface TempUpload {
  path: string;
  bytes: number;
  sha256: string;
  filename: string | null;
}

export const tempPath = (dir: string) => path.join(dir, `${randomUUID()}.upload`);

export async function streamToTemp(stream: Readable, dir: string, maxBytes: number, ref: PhotoRef): Promise<TempUpload> {
  const target = tempPath(dir);
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      if (bytes > maxBytes) return cb(photoErrors.fileTooLarge(ref, maxBytes));
      hash.update(chunk);
      cb(null, chunk);
    },
  });
  const out = fs.createWriteStream(target, { flags: 'wx' });
  try {
    await pipeline(stream, meter, out);
    // @fastify/multipart ends a part early (without an error) when it hits its own fileSize limit.
    if ((stream as Readable & { truncated?: boolean }).truncated) throw photoErrors.fileTooLarge(ref, maxBytes);
  } catch (e) {
    // A write stream destroyed before its file was open still creates it afterwards: remove it only after that.
    if (!out.closed) await once(out, 'close').catch(() => {});
    await fs.promises.rm(target, { force: true });
    stream.resume(); // drain what is left so the request can finish and the error reach the client
    throw e;
  }
  return { path: target, bytes, sha256: hash.digest('hex'), filename: ref.filename ?? null };
}

/** SHA-256 of a file already on disk (a URL fetched to a temp file, a file the bulk import extracted). */
export async function sha256OfFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file)) {
    bytes += (chunk as Buffer).length;
    hash.update(chunk as Buffer);
  }
  return { sha256: hash.digest('hex'), bytes };
}
