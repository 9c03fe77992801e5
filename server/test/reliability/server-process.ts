import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

// The real server as the seller runs it (`node --import tsx server/src/main.ts serve`, as scripts/run-server.mjs
// does), in a child process on a free port and a data folder of the test's: for what only a real process shows (a
// kill -9, a shutdown, load over real sockets). Ready once it prints its address; never a sleep.
const ROOT = path.resolve(import.meta.dirname, '../../..');

export interface ServerProcess {
  base: string;
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (or signal) once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

// Two minutes to start: tsx compiles the server on the way, which took over a minute on a loaded 2-core CI machine.
export async function startServer(dataDir: string, env: Record<string, string> = {}, timeoutMs = 120_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', NOTIFY_CONSOLE: 'false',
      RATE_LIMIT_MAX: '1000000', VINTEDBOT_SKIP_WEB_BUILD: '1', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /App:\s+(http:\/\/[^\s/]+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code ?? signal}) before it was ready:\n${out}`));
    });
  });
  return { base, child, exited, output: () => out };
}
