import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { AppError, badRequest } from '../../platform/errors.ts';
import { newId } from '../../platform/time.ts';

export interface ReceivedFile {
  path: string;
  size: number;
  filename: string | null;
  cleanup(): Promise<void>;
}

/**
 * Streams the one file of a multipart request (field `file`) to a temp file under `dir`, refusing it past
 * `maxBytes` (413, the partial file removed). Memory stays flat whatever the upload (backups run to gigabytes).
 */
export async function receiveFile(req: FastifyRequest, dir: string, maxBytes: number, what: string): Promise<ReceivedFile> {
  if (!req.isMultipart()) throw new AppError(415, 'unsupported_media_type', `Send the ${what} as multipart/form-data, in a part named "file"`, { expected: 'multipart/form-data', part: 'file' });
  await fs.mkdir(dir, { recursive: true });
  const target = path.join(dir, `upload-${newId()}.part`);
  const cleanup = () => fs.rm(target, { force: true });
  let part;
  try {
    part = await req.file({ limits: { fileSize: maxBytes + 1, files: 1, fields: 10, parts: 12 } });
  } catch (e) {
    throw mapMultipartError(e);
  }
  if (!part) throw badRequest('file_missing', `No file in the request: send the ${what} in a part named "file"`, { part: 'file' });
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      if (size > maxBytes) cb(new AppError(413, 'file_too_large', `The ${what} is larger than ${formatBytes(maxBytes)}`, { max_bytes: maxBytes }));
      else cb(null, chunk);
    },
  });
  const out = createWriteStream(target, { flags: 'wx' });
  try {
    await pipeline(part.file, counter, out);
    if (part.file.truncated) throw new AppError(413, 'file_too_large', `The ${what} is larger than ${formatBytes(maxBytes)}`, { max_bytes: maxBytes });
  } catch (e) {
    part.file.resume();
    // A write stream destroyed before its file was open still opens (creates) it: remove the file after that.
    if (!out.closed) await once(out, 'close').catch(() => {});
    await cleanup();
    throw e instanceof AppError ? e : mapMultipartError(e);
  }
  return { path: target, size, filename: part.filename || null, cleanup };
}

function mapMultipartError(e: unknown): unknown {
  const code = (e as { code?: string }).code;
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return new AppError(415, 'unsupported_media_type', 'Expected multipart/form-data');
  if (code === 'FST_REQ_FILE_TOO_LARGE') return new AppError(413, 'file_too_large', 'The file is larger than allowed');
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') return badRequest('too_many_files', 'Send one file');
  return e;
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(n % 1024 ** 3 ? 1 : 0)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(n % 1024 ** 2 ? 1 : 0)} MiB`;
  return `${Math.round(n / 1024)} KiB`;
}
