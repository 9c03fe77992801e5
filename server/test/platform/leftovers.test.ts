import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { files } from '../bulk/fixtures/multipart.ts';
import { bulkTestApp } from '../bulk/fixtures/bulk-test-app.ts';
import type { TestApp } from '../helpers/test-app.ts';

// What a crash leaves in DATA_DIR (uploads streamed to disk, half-extracted restores, bulk uploads cut off before
// their job existed) goes at the next start, when older than the process; what is in use, or a job's, stays.

let t: TestApp | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await t?.close();
  t = undefined;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const HOUR = 3_600_000;
function write(file: string, bytes: number, ageMs: number | null) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, Buffer.alloc(bytes, 1));
  if (ageMs !== null) age(file, ageMs);
}
function age(p: string, ms: number) {
  const when = new Date(Date.now() - ms);
  fs.utimesSync(p, when, when);
}
/** Ages a folder and everything in it (a crash long ago). */
function ageTree(p: string, ms: number) {
  for (const e of fs.readdirSync(p, { withFileTypes: true })) {
    if (e.isDirectory()) ageTree(path.join(p, e.name), ms);
    else age(path.join(p, e.name), ms);
  }
  age(p, ms);
}

describe('leftovers of an earlier run', () => {
  it('are removed at start and reported; fresh files, job folders and other files stay', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-leftovers-'));
    dirs.push(dataDir);
    // A real bulk job: its folder belongs to it and stays, however old.
    const env = { DATABASE_URL: '', PRICE_DROP_CRON: 'off', PURGE_CRON: 'off', VINTED_QUEUE_INTERVAL_SECONDS: '0' };
    const first = await bulkTestApp(env, { dataDir, runJobs: false });
    const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#c0392b' } }).jpeg().toBuffer();
    const job = await first.app.inject({ method: 'POST', url: '/bulk/ingest/photos', ...files([{ filename: 'IMG_1.jpg', bytes: jpeg }]) });
    expect(job.statusCode, job.body).toBe(200);
    const jobId = job.json().job_id as string;
    await first.close();

    const p = (...parts: string[]) => path.join(dataDir, ...parts);
    // Killed mid-way, long ago.
    write(p('tmp', 'upload-0190a0a0-0000-7000-8000-000000000001.part'), 600_000, HOUR);
    write(p('tmp', 'restore-0190a0a0-0000-7000-8000-000000000002', 'stock', 'items.jsonl'), 1000, HOUR);
    ageTree(p('tmp', 'restore-0190a0a0-0000-7000-8000-000000000002'), HOUR);
    write(p('photos', '.restore-0190a0a0-0000-7000-8000-000000000003', 'ab', 'x.jpg'), 3000, HOUR);
    ageTree(p('photos', '.restore-0190a0a0-0000-7000-8000-000000000003'), HOUR);
    write(p('vinted', 'staged', '.upload-0190a0a0-0000-7000-8000-000000000004'), 500, HOUR);
    const orphanBulk = p('bulk', '0190a0a0-0000-7000-8000-0000000000b1');
    write(path.join(orphanBulk, 'files', 'IMG_9.jpg.upload'), 4000, HOUR);
    ageTree(orphanBulk, HOUR);
    ageTree(p('bulk', jobId), HOUR);
    // Written after this process started: in use (another process on a shared data folder), kept.
    write(p('tmp', 'upload-0190a0a0-0000-7000-8000-00000000000f.part'), 10, null);
    const freshBulk = p('bulk', '0190a0a0-0000-7000-8000-0000000000b2');
    write(path.join(freshBulk, 'files', 'a.upload'), 10, null);
    // Not temporary: never touched.
    write(p('tmp', 'notes.txt'), 10, HOUR);
    write(p('bulk', 'not-a-job', 'x'), 10, HOUR);

    t = await bulkTestApp(env, { dataDir, runJobs: true });
    const gone = [
      p('tmp', 'upload-0190a0a0-0000-7000-8000-000000000001.part'), p('tmp', 'restore-0190a0a0-0000-7000-8000-000000000002'),
      p('photos', '.restore-0190a0a0-0000-7000-8000-000000000003'),
      p('vinted', 'staged', '.upload-0190a0a0-0000-7000-8000-000000000004'), orphanBulk,
    ];
    for (const f of gone) expect(fs.existsSync(f), f).toBe(false);
    for (const f of [p('tmp', 'upload-0190a0a0-0000-7000-8000-00000000000f.part'), freshBulk, p('tmp', 'notes.txt'), p('bulk', 'not-a-job', 'x'), p('bulk', jobId, 'files')]) {
      expect(fs.existsSync(f), f).toBe(true);
    }
    const line = t.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'removed temporary leftovers of an earlier run');
    expect(line).toMatchObject({ count: 5, bytes: 600_000 + 1000 + 3000 + 500 + 4000 });
    expect([...line.removed].sort()).toEqual(gone.map((f) => path.relative(dataDir, f)).sort());
  }, 60_000);
});
