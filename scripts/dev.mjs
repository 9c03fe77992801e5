// `npm run dev`: the server (restarted when its sources change) and Vite's dev server with hot reload, which
// proxies /api/* to the server. Open the address Vite prints.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = process.env.PORT ?? '8001';
const host = process.env.HOST ?? '127.0.0.1';
// vite/bin is not in vite's exports map: find it beside its package.json.
const viteBin = path.join(path.dirname(fileURLToPath(import.meta.resolve('vite/package.json'))), 'bin/vite.js');
const api = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

const children = [
  spawn(process.execPath, ['--import', 'tsx', '--watch', '--watch-path=server/src', 'server/src/main.ts', 'serve'], { cwd: root, stdio: 'inherit' }),
  spawn(process.execPath, [viteBin, '--clearScreen', 'false'], {
    cwd: new URL('../web/', import.meta.url),
    stdio: 'inherit',
    env: { ...process.env, VINTEDBOT_API: api },
  }),
];

let stopping = false;
const stop = (code = 0) => {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500).unref();
};
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => stop(0));
// One side dying leaves a half-working setup: stop the other too.
for (const c of children) c.on('exit', (code) => stop(code ?? 1));
