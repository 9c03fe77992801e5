import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ProcessResult, runProcess } from '../helpers/run-process.ts';
import { testPhotos } from '../helpers/test-photos.ts';

// The real `vintedbot` command (scripts/vintedbot.mjs, as the package's bin) in a child process, on a data folder of
// the test's, never the runner's PostgreSQL or Redis. Output is piped, so progress comes as plain lines.
export const ROOT = path.resolve(import.meta.dirname, '../../..');
const BIN = path.join(ROOT, 'scripts/vintedbot.mjs');

export function cliEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '', LOG_LEVEL: 'warn', LANG: 'en_GB.UTF-8', LC_ALL: '', LC_MESSAGES: '',
    NOTIFY_CONSOLE: 'false', ...extra,
  };
}

export function vintedbot(args: string[], dataDir: string, extra: Record<string, string> = {}): Promise<ProcessResult> {
  return runProcess(process.execPath, [BIN, ...args], { cwd: ROOT, env: cliEnv(dataDir, extra), timeout: 180_000 });
}

export function spawnVintedbot(args: string[], dataDir: string, extra: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: cliEnv(dataDir, extra), stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A temporary folder holding `perClass` committed photos of each class, one subfolder per class (as a phone export might). */
export function photoFolder(root: string, classes: string[], perClass: number): string {
  const dir = path.join(root, 'photos');
  for (const cls of classes) {
    fs.mkdirSync(path.join(dir, cls), { recursive: true });
    for (const f of testPhotos(cls, perClass)) fs.copyFileSync(f, path.join(dir, cls, path.basename(f)));
  }
  return dir;
}

export const tempRoot = () => fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-cli-'));
