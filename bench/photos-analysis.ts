// bench/photos-analysis: the intake's per-photo work on 12 MP JPEGs made by upscaling shared/datasets/clothing-dev
// photos (decode + preview + thumbnail + 256 px image, hash + colours + quality + EXIF, then the garment classifier),
// against `djpeg -scale 1/8` of the same file, run interleaved photo by photo so that the load of a shared machine
// weighs on both alike. Target (issue 23): ours ≤ 2× the 1/8 decode per photo, wall, in process.
// Wall time is the app's own threading (libvips and libuv defaults); CPU time (user + system, all threads; djpeg's
// from the kernel's child accounting, so it includes its process start) is what the work costs whatever the load.
// BENCH_ONE_CORE=1 re-runs the script with one libvips thread and one libuv worker (issue 3's one-core figure).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import sharp from 'sharp';
import { classifyGarment, loadClassifier } from '../server/src/modules/analysis/index.ts';
import { analysePhotoFile } from '../server/src/modules/photos/photo-analysis.ts';
import { fmt, peakRss, summary } from './lib.ts';

const oneCore = process.env.BENCH_ONE_CORE === '1';
if (oneCore && process.env.UV_THREADPOOL_SIZE !== '1') {
  const r = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, UV_THREADPOOL_SIZE: '1' } });
  process.exit(r.status ?? 1);
}
if (oneCore) sharp.concurrency(1);
sharp.cache(false); // as the photos module sets it

const DEV = '/work/shared/datasets/clothing-dev';
const DJPEG = process.env.DJPEG ?? '/usr/bin/djpeg';
const COUNT = Number(process.env.BENCH_PHOTOS ?? 30);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-bench-photos-'));

/** CPU milliseconds used by this process's waited-for children (utime + stime in /proc, 10 ms ticks). */
function childCpuMs(): number {
  const f = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(f[13]) + Number(f[14])) * (1000 / 100);
}

function djpeg(file: string): { wall: number; cpu: number } {
  const c0 = childCpuMs();
  const t0 = performance.now();
  const r = spawnSync(DJPEG, ['-scale', '1/8', '-outfile', '/dev/null', file]);
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`djpeg failed (${DJPEG}): ${r.stderr?.toString() || r.error?.message}`);
  return { wall, cpu: childCpuMs() - c0 };
}

const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ');

try {
  const files = fs.readFileSync(path.join(DEV, 'labels.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
  const picked = files.filter((_, i) => i % Math.max(1, Math.floor(files.length / COUNT)) === 0).slice(0, COUNT);
  const big: string[] = [];
  for (const [i, f] of picked.entries()) {
    const src = path.join(DEV, f);
    const m = await sharp(src).metadata();
    const portrait = m.height! >= m.width!;
    const out = path.join(dir, `p${i}.jpg`);
    // 4000 × 3000 = 12 MP, at the quality a phone writes (q 90, 4:2:0), with sensor-like grain (± 5 levels, as
    // bench/bulk-speed's photos) so the file is as big as a phone's (~2.5 MB): a smooth upscale weighs a third of
    // that and decodes faster than any real photo.
    const raw = await sharp(src).resize(portrait ? 3000 : 4000, portrait ? 4000 : 3000, { fit: 'fill' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    let s = (i * 2654435761 + 1) >>> 0;
    for (let k = 0; k < raw.data.length; k++) {
      s = (s * 1664525 + 1013904223) >>> 0;
      raw.data[k] = Math.max(0, Math.min(255, raw.data[k] + ((s >>> 24) / 255 - 0.5) * 10));
    }
    await sharp(raw.data, { raw: { width: raw.info.width, height: raw.info.height, channels: 3 } }).jpeg({ quality: 90 }).toFile(out);
    big.push(out);
  }
  const sizes = big.map((b) => fs.statSync(b).size);
  console.log(`${big.length} photos, 4000 × 3000, ${(sizes.reduce((a, b) => a + b, 0) / sizes.length / 1024 / 1024).toFixed(2)} MB on average; ${ROUNDS} rounds; ${oneCore ? 'one core (1 libvips thread, 1 libuv worker)' : `app threading (${sharp.concurrency()} libvips threads)`}; ${os.availableParallelism()} cores; load before ${load()}`);

  await loadClassifier();
  const ours = async (file: string, i: number) => {
    const a = await analysePhotoFile(file, 'jpeg', { index: i }, { maxPixels: 100e6 });
    const t = performance.now();
    await classifyGarment(a.decoded);
    return { a, classify: performance.now() - t };
  };
  await ours(big[0], 0); // warm-up: WASM, k-means, the network's first run
  djpeg(big[0]);
  const wall: number[] = [], cpu: number[] = [], dWall: number[] = [], dCpu = { total: 0 }, ratios: number[] = [];
  let cpuTotal = 0;
  const stages = { decode: [] as number[], derive: [] as number[], figures: [] as number[], classify: [] as number[] };
  // How long the event loop was held at a time during our analysis only (djpeg's spawnSync holds it by design).
  const loop = monitorEventLoopDelay({ resolution: 5 });
  const { peakMb } = await peakRss(async () => {
    for (let r = 0; r < ROUNDS; r++) {
      for (const [i, b] of big.entries()) {
        const d = djpeg(b);
        dWall.push(d.wall);
        dCpu.total += d.cpu;
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        loop.enable();
        const { a, classify } = await ours(b, i);
        loop.disable();
        const ms = performance.now() - t0;
        wall.push(ms);
        ratios.push(ms / d.wall);
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000);
        cpuTotal += (c.user + c.system) / 1000;
        stages.decode.push(a.ms.decode);
        stages.derive.push(a.ms.derive);
        stages.figures.push(a.ms.figures);
        stages.classify.push(classify);
      }
    }
  });
  const w = summary(wall), c = summary(cpu), dw = summary(dWall), q = summary(ratios);
  const n = wall.length;
  console.log(`ours (intake + classifier), wall: p50 ${fmt(w.p50)}, p95 ${fmt(w.p95)}; CPU: p50 ${fmt(c.p50)}, mean ${fmt(cpuTotal / n)}`);
  console.log(`djpeg -scale 1/8,           wall: p50 ${fmt(dw.p50)}, p95 ${fmt(dw.p95)}; CPU: mean ${fmt(dCpu.total / n)} (process start included)`);
  console.log(`ours ÷ djpeg 1/8: wall ${(w.p50 / dw.p50).toFixed(2)}× (p50 ÷ p50; per-photo ratio p50 ${q.p50.toFixed(2)}×), CPU ${(cpuTotal / dCpu.total).toFixed(2)}× (mean ÷ mean)   (target ≤ 2×)`);
  console.log(`stages p50: decode to 1600 px ${fmt(summary(stages.decode).p50)}, preview + thumbnail + 256 px ${fmt(summary(stages.derive).p50)}, hash + colours + quality + EXIF ${fmt(summary(stages.figures).p50)}, classifier ${fmt(summary(stages.classify).p50)}`);
  console.log(`event loop held during our analysis: p99 ${fmt(loop.percentile(99) / 1e6)}, max ${fmt(loop.max / 1e6)} (a request waits this long at worst; the backbone runs on its own thread)`);
  console.log(`peak RSS ${peakMb.toFixed(0)} MB; load after ${load()}`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
