// bench/photo-studio: the studio's rendering of an edited 1,600 px preview from a 12 MP original (target, issue 19:
// ≤ 150 ms), a cached answer, and a batch over 100 photos through the real app (job, bounded concurrency, progress,
// peak RSS). Originals are 4000 × 3000 JPEGs made by upscaling shared/datasets/clothing-dev photos, kept as the
// intake keeps them (EXIF-free master, q 92). Figures are wall time on whatever else the machine is running.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { normaliseEdit, renderEdit } from '../server/src/modules/studio/index.ts';
import { fmt, peakRss, startBenchApp, summary } from './lib.ts';

const DEV = '/work/shared/datasets/clothing-dev';
const RENDERS = Number(process.env.BENCH_RENDERS ?? 12);
const BATCH = Number(process.env.BENCH_BATCH ?? 100);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-bench-studio-'));

async function twelveMp(src: string, out: string) {
  const m = await sharp(src).metadata();
  const portrait = m.height! >= m.width!;
  await sharp(src).resize(portrait ? 3000 : 4000, portrait ? 4000 : 3000, { fit: 'fill' }).jpeg({ quality: 92 }).toFile(out);
  return { width: portrait ? 3000 : 4000, height: portrait ? 4000 : 3000 };
}

try {
  const files = fs.readFileSync(path.join(DEV, 'labels.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
  const edits = {
    'auto + 4:5 + quarter turn': { auto: true, aspect: '4:5' as const, rotate: 90 },
    'straighten 3° + light + colour': { straighten: 3, brightness: 15, contrast: 10, saturation: 10, warmth: 20 },
    'auto + fond blanc': { auto: true, background: 'white' as const },
  };
  const originals: { path: string; width: number; height: number }[] = [];
  for (let i = 0; i < RENDERS; i++) {
    const out = path.join(dir, `o${i}.jpg`);
    originals.push({ path: out, ...(await twelveMp(path.join(DEV, files[i * 7 % files.length]), out)) });
  }
  console.log(`${originals.length} originals of 12 MP; one render at a time; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.availableParallelism()} cores`);
  await renderEdit({ ...originals[0], jpeg: true }, normaliseEdit({ auto: true }, originals[0]), { longSide: 1600, format: 'jpeg' }); // warm-up
  for (const [name, input] of Object.entries(edits)) {
    const ms: number[] = [];
    const cpu: number[] = [];
    for (const o of originals) {
      const p = normaliseEdit(input, o);
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      await renderEdit({ ...o, jpeg: true }, p, { longSide: 1600, format: 'jpeg' });
      const c = process.cpuUsage(c0);
      ms.push(performance.now() - t0);
      cpu.push((c.user + c.system) / 1000);
    }
    const s = summary(ms), c = summary(cpu);
    // CPU time (this process, all threads) says what a render costs when the machine is shared; wall time what a seller waits.
    console.log(`render 1,600 px, ${name.padEnd(32)} wall p50 ${fmt(s.p50)} p95 ${fmt(s.p95)}  |  CPU p50 ${fmt(c.p50)} p95 ${fmt(c.p95)}  (target ≤ 150 ms)`);
  }

  // A batch through the app: 100 items' photos taken in (masters kept), then auto + 4:5 on all of them as one job.
  if (BATCH === 0) process.exit(0);
  const app = await startBenchApp();
  try {
    const ids: string[] = [];
    const t0 = performance.now();
    for (let i = 0; i < BATCH; i++) {
      const src = path.join(dir, `b${i}.jpg`);
      await sharp(path.join(DEV, files[i % files.length])).resize(3000, 4000, { fit: 'fill' }).modulate({ brightness: 1 + (i % 7) / 100 }).jpeg({ quality: 90 }).toFile(src);
      const [photo] = await app.ctx.photos.ingestFiles([{ path: src }]);
      const res = await fetch(`${app.base}/listings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: `Article ${i}`, photos: [photo.id] }) });
      ids.push(((await res.json()) as { id: string }).id);
      fs.rmSync(src);
    }
    console.log(`intake of ${BATCH} 12 MP photos (with their masters): ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const before = process.memoryUsage().rss / 1024 / 1024;
    const progress: number[] = [];
    const { peakMb } = await peakRss(async () => {
      const t1 = performance.now();
      const start = await fetch(`${app.base}/studio/batches`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ item_ids: ids, edit: { auto: true, aspect: '4:5' } }) });
      const { job_id } = (await start.json()) as { job_id: string };
      const off = app.ctx.events.on('job.progress', (e) => {
        const d = e.data as { job_id?: string; progress?: { done?: unknown } };
        if (d.job_id === job_id && typeof d.progress?.done === 'number') progress.push(d.progress.done);
      });
      const seen = app.ctx.jobs.idle().finally(off);
      await seen;
      const status = (await (await fetch(`${app.base}/studio/batches/${job_id}`)).json()) as { done: number; failed: number; total: number };
      const s = (performance.now() - t1) / 1000;
      console.log(`batch auto + 4:5 on ${status.total} photos: ${s.toFixed(1)} s (${((s * 1000) / status.total).toFixed(0)} ms per photo, preview + thumbnail), ${status.failed} failed, concurrency ${app.ctx.studio.concurrency}, ${progress.length} progress events`);
    });
    console.log(`RSS before the batch ${before.toFixed(0)} MB, peak during it ${peakMb.toFixed(0)} MB (+${(peakMb - before).toFixed(0)} MB)`);
  } finally {
    await app.close();
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
