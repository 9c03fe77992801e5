// Runs server/src/main.ts (`serve` or `worker`) in a child Node with the memory settings below, which glibc reads
// only at process start, and keeps it running: `npm start` and `npm run worker` both go through here.
//
// The supervisor: when the server dies of a crash it is started again after a back-off (1 s, doubling up to 30 s,
// back to 1 s once a run lasted a minute); after 5 crashes within 2 minutes it stops trying and says so. SIGINT and
// SIGTERM are passed on to the server, which shuts down cleanly; a second signal kills it. A start that cannot
// succeed as configured (exit code 78: a bad setting, the data folder in use) is not retried.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

// glibc gives every thread that allocates (sharp's, the OCR's, onnxruntime's) its own heap arena; two arenas cut the
// server's peak memory on a 500-photo bulk job by about 100 MB at no measurable CPU cost. Blocks of 128 kB and more
// (decoded pixels) are mapped and unmapped on their own instead of staying in the heap once freed: another ~50 MB
// less at the peak, when the label OCR starts after the scan (bench/bulk-speed: 536–552 → 491–492 MB).
export const MALLOC_ENV = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072', MALLOC_TRIM_THRESHOLD_: '131072' };

export const RESTART_POLICY = {
  firstDelayMs: 1000,
  maxDelayMs: 30_000,
  /** A run this long resets the back-off to the first delay. */
  resetAfterMs: 60_000,
  /** This many crashes within `crashWindowMs` and the supervisor gives up. */
  maxCrashes: 5,
  crashWindowMs: 120_000,
};

/** Exit code of a start that cannot succeed as configured (server/src/main.ts): restarting would not help. */
const EXIT_CANNOT_START = 78;

const say = (line) => process.stderr.write(`[vintedbot] ${line}\n`);

export function runServer(command, args = [], policy = RESTART_POLICY) {
  let child = null;
  let stopping = false;
  let delay = policy.firstDelayMs;
  let restartTimer = null;
  let crashes = [];

  const start = () => {
    restartTimer = null;
    const startedAt = Date.now();
    child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', command, ...args], {
      cwd: root,
      stdio: 'inherit',
      env: { ...MALLOC_ENV, ...process.env },
    });
    say(`${command} started (pid ${child.pid})`);
    child.on('exit', (code, signal) => {
      child = null;
      if (stopping) process.exit(code ?? 0);
      if (code === 0) process.exit(0);
      if (code === EXIT_CANNOT_START) process.exit(code);
      const now = Date.now();
      if (now - startedAt >= policy.resetAfterMs) delay = policy.firstDelayMs;
      crashes = [...crashes.filter((t) => now - t < policy.crashWindowMs), now];
      const how = signal ? `was killed (${signal})` : `crashed (exit code ${code})`;
      if (crashes.length >= policy.maxCrashes) {
        say(`the ${command} ${how}: it crashed ${crashes.length} times within ${policy.crashWindowMs / 60_000} minutes, so it is not restarted again. Read the errors above, fix the cause, then start it again.`);
        process.exit(code || 1);
      }
      say(`the ${command} ${how}; restarting it in ${delay / 1000} s`);
      restartTimer = setTimeout(start, delay);
      delay = Math.min(delay * 2, policy.maxDelayMs);
    });
  };

  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => {
      if (stopping) {
        // A second Ctrl-C: do not wait for a clean shutdown.
        child?.kill('SIGKILL');
        return;
      }
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      if (child) child.kill(sig);
      else process.exit(0);
    });
  }
  start();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) runServer(process.argv[2] ?? 'serve', process.argv.slice(3));
