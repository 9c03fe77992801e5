import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/db/database.ts';
import { WalCheckpointer } from '../../src/platform/db/wal-checkpointer.ts';

// The checkpoint thread belongs to the embedded SQLite store, so these run on SQLite always.
const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-wal-'));
  dirs.push(d);
  return d;
};
/** A store of its own in WAL mode, as the app opens it, seen through the serving connection. */
const walStore = () => {
  const file = path.join(tempDir(), 'store.db');
  const main = new SQLite(file);
  main.pragma('journal_mode = WAL');
  return { file, main };
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** About 12 MB of pages in one statement: three times the 1,000-page mark at which SQLite checkpoints. */
const bulkWrite = (n: number) => sql`insert into blobs (n, x) with recursive c(i) as (select 1 union all select i + 1 from c where i < 3000)
  select ${n} * 10000 + i, randomblob(4000) from c`;

describe('SQLite checkpoints on their own thread', () => {
  it('hands the checkpoints of a store that writes a lot to a thread, and keeps every row through a reopen', async () => {
    const dataDir = tempDir();
    const warnings: string[] = [];
    const h = openDatabase({ dataDir, onWarning: (m) => warnings.push(m) });
    const cp = h.checkpointer!;
    await sql`create table blobs (n integer primary key, x blob)`.execute(h.db);
    expect(cp.state.threaded).toBe(false);
    const threaded = cp.whenThreaded();
    await bulkWrite(1).execute(h.db);
    // The log passed the mark: the watch starts the thread, and the serving connection stops checkpointing.
    await threaded;
    expect(cp.state.threaded).toBe(true);
    const auto = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(h.db);
    expect(auto.rows[0].wal_autocheckpoint).toBe(0);
    await bulkWrite(2).execute(h.db);
    // The thread copies the whole log back (a checkpoint that has every frame), within a few of its ticks.
    let last = await cp.nextCheckpoint();
    while (last.log === 0 || last.checkpointed < last.log) last = await cp.nextCheckpoint();
    expect(last.log).toBeGreaterThan(1000);
    await h.close();
    expect(warnings).toEqual([]);
    // The thread's connection closed first: the serving one was the last, so it removed the log on closing.
    expect(fs.existsSync(path.join(dataDir, 'vintedbot.db-wal'))).toBe(false);
    const again = new SQLite(path.join(dataDir, 'vintedbot.db'), { readonly: true });
    try {
      expect(again.prepare('select count(*) as n from blobs').get()).toEqual({ n: 6000 });
      expect(again.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      again.close();
    }
  }, 60_000);

  it('keeps the log bounded through a long burst of commits (it starts again from its beginning)', async () => {
    const { file, main } = walStore();
    main.pragma('journal_size_limit = 0');
    main.exec('create table blobs (n integer primary key, x blob)');
    const insert = main.prepare(`insert into blobs (n, x) with recursive c(i) as (select 1 union all select i + 1 from c where i < 100)
      select ? * 100 + i, randomblob(4000) from c`);
    // A limit of 1,000 frames (4 MB): the burst below writes twenty times that, in commits of 100 pages.
    const cp = new WalCheckpointer(file, main, { logLimitFrames: 1000, intervalMs: 20 });
    try {
      await cp.start();
      expect(main.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
      let biggest = 0;
      for (let i = 0; i < 200; i++) {
        insert.run(i);
        biggest = Math.max(biggest, fs.statSync(`${file}-wal`).size);
        // As the app's long jobs do between batches: the event loop (and the thread's reports) gets its turn.
        await new Promise((resolve) => setImmediate(resolve));
      }
      // Without the limit the log only ever grows in such a burst (80 MB here); with it, it starts again.
      expect(biggest).toBeLessThan(40e6);
      expect(main.prepare('select count(*) as n from blobs').get()).toEqual({ n: 20_000 });
    } finally {
      await cp.close();
      main.close();
    }
  }, 60_000);

  it('closes while the thread is still starting (a store closed right after it wrote a lot)', async () => {
    const { file, main } = walStore();
    main.exec('create table t (x)');
    const cp = new WalCheckpointer(file, main);
    void cp.start();
    await cp.close();
    main.close();
    // The thread's connection had closed too: the serving one was the last and removed the log.
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('leaves the checkpoints on the serving connection, and says why, when the thread cannot open the store', async () => {
    const { main } = walStore();
    const reasons: string[] = [];
    const cp = new WalCheckpointer(path.join(tempDir(), 'gone', 'store.db'), main, { onFailure: (r) => reasons.push(r) });
    try {
      await cp.start();
      expect(cp.state.threaded).toBe(false);
      expect(reasons).toHaveLength(1);
      expect(reasons[0]).toMatch(/unable to open|directory does not exist|no such file/i);
      expect(main.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    } finally {
      await cp.close();
      main.close();
    }
  });
});
