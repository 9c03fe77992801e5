// Runs server/src/main.ts (`serve` or `worker`) in a child Node with the memory settings below, which glibc reads
// only at process start: `npm start` and `npm run worker` both go through here.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

// glibc gives every thread that allocates (sharp's, the OCR's, onnxruntime's) its own heap arena; two arenas cut the
// server's peak memory on a 500-photo bulk job by about 100 MB at no measurable CPU cost. Blocks of 128 kB and more
// (decoded pixels) are mapped and unmapped on their own instead of staying in the heap once freed: another ~50 MB
// less at the peak, when the label OCR starts after the scan (bench/bulk-speed: 536–552 → 491–492 MB).
export const MALLOC_ENV = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072', MALLOC_TRIM_THRESHOLD_: '131072' };

export function runServer(command, args = []) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', command, ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...MALLOC_ENV, ...process.env },
  });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) runServer(process.argv[2] ?? 'serve', process.argv.slice(3));
