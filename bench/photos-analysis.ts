// bench/photos-analysis: the intake's per-photo work (decode + hash + colours + quality + thumbnail + preview) on
// 12 MP JPEGs made by upscaling shared/datasets/clothing-dev photos. Target (issue 3): ≤ 36 ms per photo on one core.
// One core: libvips runs one thread and libuv one worker (the script re-runs itself with UV_THREADPOOL_SIZE=1),
// photos go one after the other; CPU time per photo is printed next to wall time.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { analysePhotoFile } from '../server/src/modules/photos/photo-analysis.ts';
import { fmt, peakRss, summary } from './lib.ts';

if (process.env.UV_THREADPOOL_SIZE !== '1') {
  const r = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, UV_THREADPOOL_SIZE: '1' } });
  process.exit(r.status ?? 1);
}
sharp.concurrency(1);

const DEV = '/work/shared/datasets/clothing-dev';
const COUNT = Number(process.env.BENCH_PHOTOS ?? 30);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-bench-photos-'));

try {
  const files = fs.readFileSync(path.join(DEV, 'labels.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
  const picked = files.filter((_, i) => i % Math.max(1, Math.floor(files.length / COUNT)) === 0).slice(0, COUNT);
  const big: string[] = [];
  for (const [i, f] of picked.entries()) {
    const src = path.join(DEV, f);
    const m = await sharp(src).metadata();
    const portrait = m.height! >= m.width!;
    const out = path.join(dir, `p${i}.jpg`);
    // 4000 × 3000 = 12 MP, at the quality a phone writes (q 90, 4:2:0).
    await sharp(src).resize(portrait ? 3000 : 4000, portrait ? 4000 : 3000, { fit: 'fill' }).jpeg({ quality: 90 }).toFile(out);
    big.push(out);
  }
  const sizes = big.map((b) => fs.statSync(b).size);
  console.log(`${big.length} photos, 4000 × 3000, ${(sizes.reduce((a, b) => a + b, 0) / sizes.length / 1024 / 1024).toFixed(2)} MB on average; ${ROUNDS} rounds`);

  await analysePhotoFile(big[0], 'jpeg', { index: 0 }, { maxPixels: 100e6 }); // warm-up: WASM, k-means, caches
  const wall: number[] = [];
  const cpu: number[] = [];
  const stages = { decode: [] as number[], derive: [] as number[], figures: [] as number[] };
  const { peakMb } = await peakRss(async () => {
    for (let r = 0; r < ROUNDS; r++) {
      for (const [i, b] of big.entries()) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const a = await analysePhotoFile(b, 'jpeg', { index: i }, { maxPixels: 100e6 });
        wall.push(performance.now() - t0);
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000);
        stages.decode.push(a.ms.decode);
        stages.derive.push(a.ms.derive);
        stages.figures.push(a.ms.figures);
      }
    }
  });
  const w = summary(wall);
  const c = summary(cpu);
  console.log(`per photo, wall: p50 ${fmt(w.p50)}, p95 ${fmt(w.p95)}   (target ≤ 36 ms)`);
  console.log(`per photo, CPU:  p50 ${fmt(c.p50)}, p95 ${fmt(c.p95)}`);
  console.log(`stages p50: decode to 1600 px ${fmt(summary(stages.decode).p50)}, preview + thumbnail + 256 px ${fmt(summary(stages.derive).p50)}, hash + colours + quality + EXIF ${fmt(summary(stages.figures).p50)}`);
  console.log(`peak RSS ${peakMb.toFixed(0)} MB`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
