import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CHROMIUM_PATH } from './helpers/browser.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** Builds the web app when its sources changed since the last build (the same stamp `npm start` uses). */
export default async function setup() {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install Debian's package (apt-get install -y chromium)`);
  }
  const { isBuildFresh } = (await import(path.join(ROOT, 'web/scripts/stamp.mjs'))) as { isBuildFresh(): boolean };
  if (!isBuildFresh()) {
    process.stdout.write('Building the web app for the browser tests…\n');
    // vitest runs with NODE_ENV=test, which would give Vite a development build of React.
    execFileSync('npm', ['run', 'build', '-w', 'web'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  }
}
