import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProcess } from '../helpers/run-process.ts';
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
      expect(second.status).toBe(1);
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
    expect(fs.readFileSync(path.join(dataDir, 'vintedbot.lock'), 'utf8')).toBe(String(process.pid));
    await t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
