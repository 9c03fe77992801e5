// `npm run bench`: runs every bench script in this folder, one after the other, in its own process.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = import.meta.dirname;
const only = process.argv.slice(2);
const scripts = fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !['lib.ts', 'run-all.ts'].includes(f) && (only.length === 0 || only.some((o) => f.includes(o))));
for (const s of scripts) {
  console.log(`\n##### bench/${s}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, s)], { stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = 1;
}
