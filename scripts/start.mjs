// `npm start`: builds the web app when it is missing or stale, then runs the server (API, jobs and the app).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIST_DIR, isBuildFresh } from '../web/scripts/stamp.mjs';
import { runServer } from './run-server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

function buildWeb() {
  if (process.env.VINTEDBOT_SKIP_WEB_BUILD === '1' || isBuildFresh()) return;
  process.stdout.write('Building the web app (its sources changed since the last build)…\n');
  // NODE_ENV=production whatever the shell says: a development build of React is slow and noisy.
  const r = spawnSync('npm', ['run', 'build', '-w', 'web'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
    shell: process.platform === 'win32',
  });
  if (r.status === 0) return;
  const old = fs.existsSync(path.join(DIST_DIR, 'index.html'));
  process.stderr.write(
    old
      ? '\nThe web app could not be rebuilt: serving the previous build.\n\n'
      : '\nThe web app could not be built (are the dev dependencies installed? run `npm install`): serving the API only.\n\n',
  );
}

buildWeb();
runServer('serve', process.argv.slice(2));
