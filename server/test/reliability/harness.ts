import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { expect } from 'vitest';
import type { TestApp } from '../helpers/test-app.ts';

// What every reliability case checks besides its answer: nothing half-written (rows of the stock, the photos and
// the bulk jobs; files under DATA_DIR/photos, DATA_DIR/tmp, DATA_DIR/bulk and DATA_DIR/vinted), and the server still answering.

const TABLES = ['items', 'price_history', 'photos', 'item_photos', 'bulk_jobs', 'bulk_photos'] as const;

export interface Snapshot { rows: Record<string, number>; files: Record<string, string[]> }

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}

export async function snapshot(t: TestApp): Promise<Snapshot> {
  const rows: Record<string, number> = {};
  for (const table of TABLES) {
    const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(t.ctx.db);
    rows[table] = Number(r.rows[0].n);
  }
  const files: Record<string, string[]> = {};
  for (const dir of ['photos', 'tmp', 'bulk', 'vinted']) files[dir] = filesUnder(path.join(t.dataDir, dir));
  return { rows, files };
}

export interface Answer { statusCode: number; body: string; json(): { error?: { code?: string; message?: string; details?: unknown } } & Record<string, unknown> }

/** The server still answers /health (and so is alive and not wedged). */
export async function stillHealthy(t: TestApp) {
  const h = await t.app.inject({ method: 'GET', url: '/health' });
  expect(h.statusCode, h.body).toBe(200);
}

/**
 * Sends a request that must be refused: the status and the stable code are checked, then that the stock, the
 * photos, the bulk jobs and the data folder are exactly as before, and that the server answers.
 */
export async function expectRefused(t: TestApp, label: string, send: () => Promise<Answer>, status: number, code: string | string[]): Promise<Answer> {
  const before = await snapshot(t);
  const res = await send();
  const got = res.json().error?.code;
  const want = Array.isArray(code) && got && code.includes(got) ? got : code;
  expect({ label, status: res.statusCode, code: got }, res.body.slice(0, 500)).toEqual({ label, status, code: want });
  expect(await snapshot(t), `${label}: something was left behind`).toEqual(before);
  await stillHealthy(t);
  return res;
}

export interface Part { name: string; filename?: string; contentType?: string; data: Buffer | string }

/** A multipart/form-data body as a browser sends it. */
export function multipart(parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----reliability${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disp = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename.replace(/"/g, '%22')}"` : ''}`;
    const head = `--${boundary}\r\nContent-Disposition: ${disp}\r\n${p.filename !== undefined ? `Content-Type: ${p.contentType ?? 'application/octet-stream'}\r\n` : ''}\r\n`;
    chunks.push(Buffer.from(head), Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export const oneFile = (field: string, filename: string, data: Buffer | string, contentType = 'application/octet-stream') =>
  multipart([{ name: field, filename, contentType, data }]);

export const json = (body: unknown) => ({ payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
export const rawJson = (text: string) => ({ payload: text, headers: { 'content-type': 'application/json' } });
