import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProcess } from '../helpers/run-process.ts';
import { processStartTime, readLockHolder } from '../../src/platform/db/data-dir-lock.ts';
import { createTestApp } from '../helpers/test-app.ts';

const root = path.resolve(import.meta.dirname, '../../..');

// The lock guards the embedded SQLite file (PostgreSQL handles its own concurrency), so these run on SQLite always.
describe('one writer per SQLite data folder', () => {
  it('refuses a second process on the same data folder with a clear message, and accepts it once the first is gone', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-lock-'));
    const t = await createTestApp({ DATABASE_URL: '' }, { dataDir });
    try {
      const second = await runProcess(process.execPath, ['--import', 'tsx', 'server/src/main.ts', 'migrate'], {
        cwd: root, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' }, timeout: 60_000,
      });
      expect(second.status).toBe(78); // cannot start as configured: the supervisor does not retry it
      expect(second.stderr).toContain('Another VintedBot process');
      expect(second.stderr).toContain(dataDir);
    } finally {
      await t.close();
    }
    const third = await runProcess(process.execPath, ['--import', 'tsx', 'server/src/main.ts', 'migrate'], {
      cwd: root, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' }, timeout: 60_000,
    });
    expect(third.stderr).toBe('');
    expect(third.stdout).toContain('Database is up to date (sqlite)');
    expect(third.status).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'vintedbot.db'))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'vintedbot.lock'))).toBe(false);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 180_000);

  it('takes over a lock left by a process that died', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-lock-'));
    const dead = await runProcess(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    fs.writeFileSync(path.join(dataDir, 'vintedbot.lock'), dead.stdout);
    const t = await createTestApp({ DATABASE_URL: '' }, { dataDir });
    expect(readLockHolder(fs.readFileSync(path.join(dataDir, 'vintedbot.lock'), 'utf8'))).toEqual({ pid: process.pid, start: processStartTime(process.pid) });
    await t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('takes over a lock whose PID now belongs to another program, and refuses it while the holder itself runs', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-lock-'));
    const lock = path.join(dataDir, 'vintedbot.lock');
    // A real, live process that is not the lock's holder: its PID is "reused".
    const other = spawn('sleep', ['60'], { stdio: 'ignore' });
    await once(other, 'spawn');
    try {
      const pid = other.pid!;
      // The holder recorded its start; the process now at that PID started at another time.
      const started = processStartTime(pid);
      expect(started).toBeDefined();
      fs.writeFileSync(lock, JSON.stringify({ pid, start: process.platform === 'linux' ? 'linux:1' : 'ps:Thu Jan  1 00:00:00 1970' }));
      const t = await createTestApp({ DATABASE_URL: '' }, { dataDir });
      expect(readLockHolder(fs.readFileSync(lock, 'utf8'))?.pid).toBe(process.pid);
      await t.close();

      // The same live PID with its real start time is the holder: refused, and the lock is left alone.
      fs.writeFileSync(lock, JSON.stringify({ pid, start: started }));
      await expect(createTestApp({ DATABASE_URL: '' }, { dataDir })).rejects.toThrow(`Another VintedBot process (pid ${pid})`);
      expect(readLockHolder(fs.readFileSync(lock, 'utf8'))).toEqual({ pid, start: started });

      // A lock written by an older version holds the bare PID: on Linux, a PID that is not a Node process is stale.
      if (process.platform === 'linux') {
        fs.writeFileSync(lock, String(pid));
        const again = await createTestApp({ DATABASE_URL: '' }, { dataDir });
        expect(readLockHolder(fs.readFileSync(lock, 'utf8'))?.pid).toBe(process.pid);
        await again.close();
      }
    } finally {
      other.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
