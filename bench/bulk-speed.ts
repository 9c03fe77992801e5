// bench/bulk-speed: 500 photos of 12 MP (dev photos upscaled to 4000 × 3000 with sensor-like grain, EXIF times)
// uploaded in one multipart request to a real server process and grouped offline. Prints the upload time, the
// time of each stage (from the job's live progress over SSE), photos per second, and the server's peak RSS
// (VmHWM: the most memory the process ever held). The photos are generated once and kept in the temp folder.
// Against the same photos decoded by `djpeg -scale 1/8`, one process per core at a time, timed just before and just
// after the job (their mean is the yardstick, so load that changes during the run weighs on both); target (issue 23):
// upload → grouped ≤ 2× those decodes, peak RSS ≤ 450 MB.
//   npx tsx bench/bulk-speed.ts [photos=500]
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { buildSession, DEV_DATASET } from '../server/test/bulk/fixtures/session-builder.ts';

const COUNT = Number(process.argv[2] ?? 500);
const cache = path.join(os.tmpdir(), `vintedbot-bench-12mp-${COUNT}`);

async function photos(): Promise<{ name: string; file: string; bytes: number }[]> {
  const manifest = path.join(cache, 'manifest.json');
  if (fs.existsSync(manifest)) return JSON.parse(fs.readFileSync(manifest, 'utf8'));
  fs.mkdirSync(cache, { recursive: true });
  // Photos of an interrupted generation are kept: a session's files are written whole before the next one starts.
  const out: { name: string; file: string; bytes: number }[] = fs.readdirSync(cache).filter((n) => /^S\d+_/.test(n)).sort()
    .slice(0, COUNT).map((name) => ({ name, file: path.join(cache, name), bytes: fs.statSync(path.join(cache, name)).size }));
  let seed = out.length ? Math.max(...out.map((f) => Number(/^S(\d+)_/.exec(f.name)![1]))) + 1 : 900;
  for (; out.length < COUNT; seed++) {
    const t0 = Date.now();
    // 100 dev garments, 3–6 shots each, a few duplicates: about 450 photos a session; the last one only as big as needed.
    const garments = Math.min(100, Math.ceil((COUNT - out.length) / 3.5) + 1);
    const s = await buildSession({ garments, seed, dataset: DEV_DATASET, width: 4000, height: 3000, grain: 5, jpegQuality: 90, exactDuplicates: 3, nearDuplicates: 3 });
    for (const p of s.photos) {
      if (out.length >= COUNT) break;
      const name = `S${seed}_${p.filename}`;
      const file = path.join(cache, name);
      fs.writeFileSync(file, p.bytes);
      out.push({ name, file, bytes: p.bytes.length });
    }
    console.log(`generated ${out.length} photos (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  fs.writeFileSync(manifest, JSON.stringify(out));
  return out;
}

function startServer(dataDir: string): Promise<{ child: ChildProcess; base: string }> {
  // BENCH_CPU_PROF=<dir> writes the server's V8 CPU profile there (open it in Chrome's DevTools or speedscope).
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
  const child = spawn(process.execPath, [...prof, '--import', 'tsx', path.resolve(import.meta.dirname, '../server/src/main.ts'), 'serve'], {
    // glibc's malloc settings as `npm start` sets them (scripts/start.mjs); set them in the shell to measure others.
    env: { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072', MALLOC_TRIM_THRESHOLD_: '131072', ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', NOTIFY_CONSOLE: 'false', REDIS_URL: '', DATABASE_URL: '', RATE_LIMIT_MAX: '1000000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /App:\s+(http:\/\/[^\s/]+)/.exec(out);
      if (m) resolve({ child, base: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

/** One multipart request streamed from disk: the client never holds the batch in memory either. */
function upload(base: string, files: { name: string; file: string }[]): Promise<{ job_id: string; files: number }> {
  const boundary = `----bench${Date.now()}`;
  const url = new URL('/bulk/ingest/photos', base);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`${res.statusCode} ${body}`))));
    });
    req.on('error', reject);
    (async () => {
      for (const f of files) {
        const head = `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: image/jpeg\r\n\r\n`;
        if (!req.write(head)) await new Promise((r) => req.once('drain', r));
        for await (const chunk of fs.createReadStream(f.file, { highWaterMark: 256 * 1024 })) {
          if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
        }
        req.write('\r\n');
      }
      req.end(`--${boundary}--\r\n`);
    })().catch(reject);
  });
}

/** The job's stages as they start, from the SSE stream (event job.progress). */
function followStages(base: string, started: number) {
  const firstSeen = new Map<string, number>();
  let jobId = '';
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  const req = http.get(new URL('/events?types=job.progress', base), (res) => {
    let buf = '';
    res.on('data', (d) => {
      buf += d;
      const blocks = buf.split('\n\n');
      buf = blocks.pop()!;
      for (const b of blocks) {
        const line = b.split('\n').find((l) => l.startsWith('data: '));
        if (!line) continue;
        const e = JSON.parse(line.slice(6));
        const p = e.data.progress ?? {};
        if (!jobId || p.job_id !== jobId) continue;
        if (p.stage && !firstSeen.has(p.stage)) firstSeen.set(p.stage, performance.now() - started);
        if (e.data.state === 'completed' || e.data.state === 'failed') resolveDone();
      }
    });
  });
  return { firstSeen, done, setJob: (id: string) => (jobId = id), close: () => req.destroy() };
}

function rssMb(pid: number): number {
  const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(s)![1]) / 1024;
}

/** CPU seconds (user + system) the process has used so far: a figure the other load on the machine cannot inflate. */
function cpuSeconds(pid: number): number {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

function peakRssMb(pid: number): number {
  const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(s)![1]) / 1024;
}

/** Wall seconds for `djpeg -scale 1/8` of every photo, as many at a time as there are cores. */
async function djpegAll(files: string[]): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < files.length) {
      const f = files[next++];
      await new Promise<void>((resolve, reject) => execFile(process.env.DJPEG ?? '/usr/bin/djpeg', ['-scale', '1/8', '-outfile', '/dev/null', f], (e) => (e ? reject(e) : resolve())));
    }
  };
  await Promise.all(Array.from({ length: os.availableParallelism() }, lane));
  return (performance.now() - t0) / 1000;
}

const list = await photos();
const djpegBefore = await djpegAll(list.map((f) => f.file));
const totalMb = list.reduce((a, f) => a + f.bytes, 0) / 1024 / 1024;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-bench-bulk-'));
const { child, base } = await startServer(dataDir);
const rssIdle = peakRssMb(child.pid!);
try {
  const t0 = performance.now();
  const stages = followStages(base, t0);
  // RSS sampled every 100 ms and charged to the stage under way, to see where memory goes.
  const rssByStage = new Map<string, number>();
  const cpuAt = new Map<string, number>([['upload', cpuSeconds(child.pid!)]]);
  const sampler = setInterval(() => {
    const current = [...stages.firstSeen.keys()].at(-1) ?? 'upload';
    if (!cpuAt.has(current)) cpuAt.set(current, cpuSeconds(child.pid!));
    rssByStage.set(current, Math.max(rssByStage.get(current) ?? 0, rssMb(child.pid!)));
  }, 100);
  const res = await upload(base, list);
  const uploaded = performance.now() - t0;
  const cpuUploaded = cpuSeconds(child.pid!);
  stages.setJob(res.job_id);
  await stages.done;
  clearInterval(sampler);
  const completed = performance.now() - t0;
  stages.close();
  const status = await (await fetch(`${base}/bulk/status?job=${res.job_id}`)).json() as { status: string; progress: Record<string, number>; clusters: unknown[] };
  const at = (s: string) => stages.firstSeen.get(s);
  const order = ['scanned', 'deduplicated', 'analysed', 'grouped', 'categorised', 'completed'];
  console.log(`\n${list.length} photos, 4000 × 3000, ${totalMb.toFixed(0)} MB (${(totalMb / list.length).toFixed(2)} MB each); ${os.availableParallelism()} cores; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log(`upload (streamed to disk)   ${(uploaded / 1000).toFixed(1)} s`);
  let prev = uploaded;
  for (let i = 0; i < order.length - 1; i++) {
    const start = at(order[i]) ?? prev;
    const end = at(order[i + 1]) ?? completed;
    console.log(`${order[i].padEnd(27)} ${((end - start) / 1000).toFixed(1)} s`);
    prev = end;
  }
  const grouped = at('categorised') ?? completed;
  console.log(`upload → grouped            ${(grouped / 1000).toFixed(1)} s  (${(list.length / (grouped / 1000)).toFixed(1)} photos/s)`);
  console.log(`upload → completed          ${(completed / 1000).toFixed(1)} s  (${(list.length / (completed / 1000)).toFixed(1)} photos/s)`);
  const djpegAfter = await djpegAll(list.map((f) => f.file));
  const djpegMean = (djpegBefore + djpegAfter) / 2;
  console.log(`djpeg -scale 1/8 × ${list.length}     ${djpegBefore.toFixed(1)} s before, ${djpegAfter.toFixed(1)} s after (${os.availableParallelism()} at a time): upload → grouped is ${(grouped / 1000 / djpegMean).toFixed(2)}× their mean   (target ≤ 2×)`);
  const cpuEnd = cpuSeconds(child.pid!);
  const c0 = cpuAt.get('upload')!, cGrouped = cpuAt.get('categorised') ?? cpuEnd;
  console.log(`server CPU time             upload ${(cpuUploaded - c0).toFixed(1)} s, upload → grouped ${(cGrouped - c0).toFixed(1)} s (${((cGrouped - c0) * 1000 / list.length).toFixed(0)} ms a photo), categorise ${(cpuEnd - cGrouped).toFixed(1)} s (user + system, both cores: the floor of the wall time on an idle machine is about half)`);
  console.log(`server peak RSS             ${peakRssMb(child.pid!).toFixed(0)} MB (${rssIdle.toFixed(0)} MB after start-up, ${rssMb(child.pid!).toFixed(0)} MB once the job is done); highest sampled per stage: ${[...rssByStage].map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')} MB`);
  console.log(`job ${status.status}: ${status.clusters.length} groups, ${status.progress.duplicates} duplicates, ${status.progress.errors} errors`);
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
