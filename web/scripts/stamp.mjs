// The web build's freshness stamp: a hash of everything the bundle is made from, written into dist after a build,
// so `npm start` and the browser tests rebuild only when a source changed (and never serve a stale app).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_DIR = fileURLToPath(new URL('..', import.meta.url));
export const DIST_DIR = path.join(WEB_DIR, 'dist');
const STAMP = path.join(DIST_DIR, '.build-stamp');
// The server's Vinted vocabulary is bundled into the app (labels of categories, colours, conditions).
const INPUTS = ['src', 'index.html', 'vite.config.ts', 'package.json', 'tsconfig.json', '../server/src/modules/vinted/catalog'];

function* files(p) {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) return;
  if (st.isFile()) {
    yield p;
    return;
  }
  for (const name of fs.readdirSync(p).sort()) {
    // Tests and type declarations (the generated API types) do not change the bundle.
    if (name === 'node_modules' || name.endsWith('.test.ts') || name.endsWith('.d.ts')) continue;
    yield* files(path.join(p, name));
  }
}

export function sourceHash() {
  const h = createHash('sha256');
  for (const input of INPUTS) {
    for (const f of files(path.join(WEB_DIR, input))) {
      h.update(path.relative(WEB_DIR, f)).update('\0').update(fs.readFileSync(f)).update('\0');
    }
  }
  return h.digest('hex');
}

/** True when dist holds a complete build made from the current sources. */
export function isBuildFresh() {
  if (!fs.existsSync(path.join(DIST_DIR, 'index.html'))) return false;
  const stamp = fs.existsSync(STAMP) ? fs.readFileSync(STAMP, 'utf8').trim() : '';
  return stamp === sourceHash();
}

export function writeStamp() {
  fs.writeFileSync(STAMP, `${sourceHash()}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const cmd = process.argv[2];
  if (cmd === 'write') writeStamp();
  else if (cmd === 'check') process.exit(isBuildFresh() ? 0 : 1);
  else {
    process.stderr.write('usage: node scripts/stamp.mjs write|check\n');
    process.exit(2);
  }
}
