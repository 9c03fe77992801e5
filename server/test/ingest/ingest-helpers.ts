import fs from 'node:fs';
import path from 'node:path';
import type { TestApp } from '../helpers/test-app.ts';
import { testPhotos } from '../helpers/test-photos.ts';

/** `n` committed photos of a class (server/test/fixtures/photos) after the first `skip`, in a stable order. */
export const devPhotos = testPhotos;

/** A photo to send: a file on disk, or bytes made by the test (a rendered label) with a name. */
export type Upload = { file: string; name?: string } | { buffer: Buffer; name: string };

/** A multipart/form-data body with photo parts named `files` and text fields, as a browser or curl sends it. */
export function multipart(uploads: Upload[], fields: Record<string, string> = {}) {
  const boundary = `----vintedbot-test-${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const u of uploads) {
    const name = 'buffer' in u ? u.name : (u.name ?? path.basename(u.file));
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\nContent-Type: image/jpeg\r\n\r\n`));
    parts.push('buffer' in u ? u.buffer : fs.readFileSync(u.file), Buffer.from('\r\n'));
  }
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export async function postPhotos(t: TestApp, uploads: Upload[], fields: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url: '/ingest/photos', ...multipart(uploads, fields) });
}

export async function countRows(t: TestApp, table: 'items' | 'photos'): Promise<number> {
  const r = await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
