import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

// The database (with its WAL and shared-memory files) and the key file are the seller's alone: mode 0600.

const dirs: string[] = [];
let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const mode = (f: string) => fs.statSync(f).mode & 0o777;
const dataDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-modes-'));
  dirs.push(d);
  return d;
};
// SQLite only (DATABASE_URL forced empty): the files are what is checked.
const env = { DATABASE_URL: '', API_TOKEN: 'test-token-0123456789abcdef', PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' };

describe.skipIf(process.platform === 'win32')('file modes', () => {
  it('creates vintedbot.db, its -wal and -shm and the key file readable by their owner only, whatever the umask', async () => {
    const old = process.umask(0o022);
    try {
      const dir = dataDir();
      t = await createTestApp(env, { dataDir: dir });
      const w = await t.app.inject({ method: 'POST', url: '/listings', headers: { authorization: `Bearer ${env.API_TOKEN}`, 'content-type': 'application/json' }, payload: JSON.stringify({ title: 'Pull Zara M' }) });
      expect(w.statusCode).toBe(201);
      for (const name of ['vintedbot.db', 'vintedbot.db-wal', 'vintedbot.db-shm', 'secret.key']) {
        const f = path.join(dir, name);
        expect(fs.existsSync(f), name).toBe(true);
        expect(mode(f).toString(8), name).toBe('600');
      }
    } finally {
      process.umask(old);
    }
  });

  it('tightens a database file an older version left readable by others', async () => {
    const dir = dataDir();
    fs.writeFileSync(path.join(dir, 'vintedbot.db'), '');
    fs.chmodSync(path.join(dir, 'vintedbot.db'), 0o644);
    t = await createTestApp(env, { dataDir: dir });
    expect(mode(path.join(dir, 'vintedbot.db')).toString(8)).toBe('600');
    expect(mode(path.join(dir, 'vintedbot.db-wal')).toString(8)).toBe('600');
  });
});
